// The JSON frames the rooms plugin sends, exactly as the wire protocol spells
// them. A reply's "id" is added by the host, so none of these carry one.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::rooms::replies {

using Topic = std::optional<std::string_view>;

struct RoomSummary {
    std::string room;
    std::size_t members;
    Topic topic;
};

std::string joined(std::string_view room, const std::vector<std::string> &members, Topic topic);
std::string left(std::string_view room);
// event is "join" or "leave".
std::string presence(std::string_view room, std::string_view user, std::string_view event);
std::string rooms(const std::vector<RoomSummary> &rooms);
std::string members(std::string_view room, const std::vector<std::string> &members);
std::string topic(std::string_view room, Topic topic);
std::string topic_changed(std::string_view room, Topic topic, std::string_view by);
std::string typing(std::string_view room, std::string_view user);

} // namespace chatd::rooms::replies
