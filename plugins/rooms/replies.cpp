#include "replies.hpp"

#include <nlohmann/json.hpp>

namespace chatd::rooms::replies {

namespace {

// ordered_json keeps "type" first, as the protocol examples read.
using Json = nlohmann::ordered_json;

Json topic_value(Topic topic) { return topic ? Json(*topic) : Json(nullptr); }

// Replacing rather than throwing on invalid UTF-8 keeps a bad byte from
// turning into an internal error; the host already refuses such frames.
std::string dump(const Json &frame) {
    return frame.dump(-1, ' ', false, Json::error_handler_t::replace);
}

} // namespace

std::string joined(std::string_view room, const std::vector<std::string> &members, Topic topic) {
    return dump(
        {{"type", "joined"}, {"room", room}, {"members", members}, {"topic", topic_value(topic)}});
}

std::string left(std::string_view room) { return dump({{"type", "left"}, {"room", room}}); }

std::string presence(std::string_view room, std::string_view user, std::string_view event) {
    return dump({{"type", "presence"}, {"room", room}, {"user", user}, {"event", event}});
}

std::string rooms(const std::vector<RoomSummary> &rooms) {
    Json list = Json::array();
    for (const auto &r : rooms)
        list.push_back({{"room", r.room}, {"members", r.members}, {"topic", topic_value(r.topic)}});
    return dump({{"type", "rooms"}, {"rooms", std::move(list)}});
}

std::string members(std::string_view room, const std::vector<std::string> &members) {
    return dump({{"type", "members"}, {"room", room}, {"members", members}});
}

std::string topic(std::string_view room, Topic topic) {
    return dump({{"type", "topic"}, {"room", room}, {"topic", topic_value(topic)}});
}

std::string topic_changed(std::string_view room, Topic topic, std::string_view by) {
    return dump({{"type", "topic"}, {"room", room}, {"topic", topic_value(topic)}, {"by", by}});
}

std::string typing(std::string_view room, std::string_view user) {
    return dump({{"type", "typing"}, {"room", room}, {"user", user}});
}

} // namespace chatd::rooms::replies
