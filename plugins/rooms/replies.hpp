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

// Part of a listing; next_cursor is set when more remain after it.
template <class T> struct Page {
    std::vector<T> items;
    std::optional<std::string> next_cursor;
};

// A room of more members than the page says so with "members_total" and the
// "next_cursor" of a members request; a small room's frame is as it always was.
std::string joined(std::string_view room, const Page<std::string> &members,
                   std::size_t members_total, Topic topic);
std::string left(std::string_view room);
// An error nobody asked for (no id), as the host's error frames are spelled.
std::string error(std::string_view code, std::string_view message);
// event is "join" or "leave".
std::string presence(std::string_view room, std::string_view user, std::string_view event);
// The changes of one presence tick in a large room, and its size after them.
std::string presence_tick(std::string_view room, const std::vector<std::string> &joined,
                          const std::vector<std::string> &left, std::size_t members_total);
std::string rooms(const Page<RoomSummary> &rooms);
std::string members(std::string_view room, const Page<std::string> &members);
std::string topic(std::string_view room, Topic topic);
std::string topic_changed(std::string_view room, Topic topic, std::string_view by);
std::string typing(std::string_view room, std::string_view user);

} // namespace chatd::rooms::replies
