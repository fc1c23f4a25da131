// Who is in which room: auto-join once ready, join, leave, and the presence
// frames that tell the other members.
#include "frame_fields.hpp"
#include "replies.hpp"
#include "room_names.hpp"
#include "rooms_plugin.hpp"

#include <stdexcept>

namespace chatd::rooms {

std::string RoomsPlugin::enter(chatd_conn_id conn, const std::string &room) {
    if (!host_.is_subscribed(conn, room)) {
        if (host_.subscribe(conn, room) != CHATD_OK)
            throw std::runtime_error("the host refused to subscribe to " + room);
        presence_.joined(conn, room, host_.user(conn));
    }
    directory_.joined(conn, room);
    return replies::joined(room, member_page(room, {settings_.default_limit, std::nullopt}),
                           host_.room_size(room), directory_.topic(room));
}

void RoomsPlugin::on_ready(chatd_conn_id conn) {
    // The default room is joined like any other: whoever decides who may
    // join (the auth plugin's policy) is asked, and a refusal is told.
    if (auto why = host_.check_access(conn, CHATD_ACTION_JOIN, settings_.default_room)) {
        host_.send(conn, replies::error("forbidden", *why));
        return;
    }
    host_.send(conn, enter(conn, settings_.default_room));
}

void RoomsPlugin::on_close(chatd_conn_id conn) {
    const std::string user = host_.user(conn);
    for (const std::string &room : host_.conn_rooms(conn))
        if (!plugins::is_dm_room(room)) presence_.left(conn, room, user);
    directory_.forget(conn);
}

chatd::Stage RoomsPlugin::join(chatd::Frame &frame) {
    // Joining one would show presence and take messages without the host
    // subscribing both users' connections, which only a dm does.
    if (const auto named = plugins::optional_string(frame, "room");
        named && plugins::is_dm_room(*named))
        throw plugins::Rejection("forbidden", "direct-message rooms are joined by sending a dm");
    const std::string room = room_of(frame);
    const chatd_conn_id conn = frame.conn();
    // Direct-message rooms do not count: others' dms would otherwise use up
    // the rooms a connection may join.
    if (!host_.is_subscribed(conn, room) &&
        joined_rooms(conn) >= settings_.max_rooms_per_connection)
        throw plugins::Rejection("forbidden",
                                 "you are already in " +
                                     std::to_string(settings_.max_rooms_per_connection) +
                                     " rooms, the most allowed");
    // Continue, not Handled: later stages add to the answer (history, the
    // messages a member missed); the host sends it after the last one.
    frame.answer_add(enter(conn, room));
    return chatd::Stage::Continue;
}

chatd::Stage RoomsPlugin::leave(chatd::Frame &frame) {
    // Leaving a direct-message room stops its live delivery to this
    // connection until the next dm between the two subscribes it again.
    const std::string room = room_of(frame, true);
    const chatd_conn_id conn = frame.conn();
    require_member(conn, room);
    host_.unsubscribe(conn, room);
    directory_.left(conn, room);
    frame.reply(replies::left(room));
    // Direct-message rooms have no presence: their users never joined.
    if (!plugins::is_dm_room(room)) presence_.left(conn, room, host_.user(conn));
    return chatd::Stage::Handled;
}

} // namespace chatd::rooms
