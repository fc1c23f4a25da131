#include "replies.hpp"

#include "json_text.hpp"

#include <nlohmann/json.hpp>

namespace chatd::rooms::replies {

namespace {

// ordered_json keeps "type" first, as the protocol examples read.
using Json = nlohmann::ordered_json;
using plugins::json_text;

Json topic_value(Topic topic) { return topic ? Json(*topic) : Json(nullptr); }

// Adds "next_cursor" when the page is not the last.
template <class T> Json with_cursor(Json frame, const Page<T> &page) {
    if (page.next_cursor) frame["next_cursor"] = *page.next_cursor;
    return frame;
}

} // namespace

std::string joined(std::string_view room, const Page<std::string> &members,
                   std::size_t members_total, Topic topic) {
    Json frame = {{"type", "joined"},
                  {"room", room},
                  {"members", members.items},
                  {"topic", topic_value(topic)}};
    if (members.next_cursor) frame["members_total"] = members_total;
    return json_text<Json>(with_cursor(std::move(frame), members));
}

std::string left(std::string_view room) {
    return json_text<Json>({{"type", "left"}, {"room", room}});
}

std::string error(std::string_view code, std::string_view message) {
    return json_text<Json>({{"type", "error"}, {"code", code}, {"message", message}});
}

std::string presence(std::string_view room, std::string_view user, std::string_view event) {
    return json_text<Json>(
        {{"type", "presence"}, {"room", room}, {"user", user}, {"event", event}});
}

std::string presence_tick(std::string_view room, const std::vector<std::string> &joined,
                          const std::vector<std::string> &left, std::size_t members_total) {
    return json_text<Json>({{"type", "presence"},
                            {"room", room},
                            {"joined", joined},
                            {"left", left},
                            {"members_total", members_total}});
}

std::string rooms(const Page<RoomSummary> &rooms) {
    Json list = Json::array();
    for (const auto &r : rooms.items)
        list.push_back({{"room", r.room}, {"members", r.members}, {"topic", topic_value(r.topic)}});
    return json_text<Json>(with_cursor({{"type", "rooms"}, {"rooms", std::move(list)}}, rooms));
}

std::string members(std::string_view room, const Page<std::string> &members) {
    return json_text<Json>(
        with_cursor({{"type", "members"}, {"room", room}, {"members", members.items}}, members));
}

std::string topic(std::string_view room, Topic topic) {
    return json_text<Json>({{"type", "topic"}, {"room", room}, {"topic", topic_value(topic)}});
}

std::string topic_changed(std::string_view room, Topic topic, std::string_view by) {
    return json_text<Json>(
        {{"type", "topic"}, {"room", room}, {"topic", topic_value(topic)}, {"by", by}});
}

std::string typing(std::string_view room, std::string_view user) {
    return json_text<Json>({{"type", "typing"}, {"room", room}, {"user", user}});
}

} // namespace chatd::rooms::replies
