// Questions about rooms (rooms, members) and their topics.
#include "replies.hpp"
#include "requests.hpp"
#include "rooms_plugin.hpp"

namespace chatd::rooms {

chatd::Stage RoomsPlugin::list_rooms(chatd::Frame &frame) {
    const PageRequest request = page_request(frame, settings_);
    // One more than the page, to know whether another follows.
    std::vector<replies::RoomSummary> summaries;
    for (auto &[room, members] : host_.rooms_after(request.cursor.value_or(""), request.limit + 1))
        summaries.push_back({std::move(room), members, std::nullopt});
    replies::Page<replies::RoomSummary> page = page_of_rooms(std::move(summaries), request);
    for (auto &summary : page.items)
        summary.topic = directory_.topic(summary.room);
    frame.reply(replies::rooms(page));
    return chatd::Stage::Handled;
}

chatd::Stage RoomsPlugin::list_members(chatd::Frame &frame) {
    const std::string room = room_of(frame);
    const PageRequest request = page_request(frame, settings_);
    if (!exists(room)) throw Rejection("not_found", "no room " + room);
    frame.reply(replies::members(room, member_page(room, request)));
    return chatd::Stage::Handled;
}

chatd::Stage RoomsPlugin::topic(chatd::Frame &frame) {
    const std::string room = room_of(frame);
    const auto requested = optional_string(frame, "topic");
    if (!requested) {
        if (!exists(room)) throw Rejection("not_found", "no room " + room);
        frame.reply(replies::topic(room, directory_.topic(room)));
        return chatd::Stage::Handled;
    }
    if (requested->size() > settings_.max_topic_bytes)
        throw Rejection("too_large", "topic is longer than " +
                                         std::to_string(settings_.max_topic_bytes) + " bytes");
    const chatd_conn_id conn = frame.conn();
    require_member(conn, room);
    directory_.set_topic(room, *requested);
    const std::string changed =
        replies::topic_changed(room, directory_.topic(room), host_.user(conn));
    frame.reply(changed);
    host_.publish(room, changed, conn);
    return chatd::Stage::Handled;
}

} // namespace chatd::rooms
