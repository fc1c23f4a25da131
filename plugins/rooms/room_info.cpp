// Questions about rooms (rooms, members) and their topics.
#include "replies.hpp"
#include "requests.hpp"
#include "rooms_plugin.hpp"

#include <algorithm>

namespace chatd::rooms {

chatd::Stage RoomsPlugin::list_rooms(chatd::Frame &frame) {
    // The host lists only rooms with members, so a room kept alive by its
    // topic alone is not shown: it would read as a room someone is in.
    std::vector<replies::RoomSummary> summaries;
    for (auto &[room, members] : host_.rooms())
        summaries.push_back({room, members, directory_.topic(room)});
    std::sort(summaries.begin(), summaries.end(),
              [](const auto &a, const auto &b) { return a.room < b.room; });
    frame.reply(replies::rooms(summaries));
    return chatd::Stage::Handled;
}

chatd::Stage RoomsPlugin::list_members(chatd::Frame &frame) {
    const std::string room = room_of(frame);
    if (!exists(room)) throw Rejection("not_found", "no room " + room);
    frame.reply(replies::members(room, member_names(room)));
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
