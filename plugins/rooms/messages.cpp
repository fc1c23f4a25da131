// What members say: room messages, checked here and then published by the
// host's terminal, and typing notices.
#include "replies.hpp"
#include "requests.hpp"
#include "rooms_plugin.hpp"

namespace chatd::rooms {

chatd::Stage RoomsPlugin::message(chatd::Frame &frame) {
    const chatd_conn_id conn = frame.conn();
    const auto named = optional_string(frame, "room");
    if (named) check_room_name(*named);
    const std::string_view text = required_string(frame, "text");
    if (text.empty()) throw Rejection("bad_request", "text must not be empty");
    if (text.size() > settings_.max_text_bytes)
        throw Rejection("too_large", "text is longer than " +
                                         std::to_string(settings_.max_text_bytes) + " bytes");
    if (named) {
        require_member(conn, std::string(*named));
        return chatd::Stage::Continue;
    }
    const auto room = directory_.default_room(
        conn, [&](const std::string &r) { return host_.is_subscribed(conn, r); });
    if (!room) throw Rejection("not_member", "you are in no room; join one first");
    // The terminal requires "room", so plain text gets its default room here.
    frame.set_string("room", *room);
    return chatd::Stage::Continue;
}

chatd::Stage RoomsPlugin::typing(chatd::Frame &frame) {
    const std::string room = room_of(frame);
    const chatd_conn_id conn = frame.conn();
    require_member(conn, room);
    host_.publish(room, replies::typing(room, host_.user(conn)), conn);
    return chatd::Stage::Handled;
}

} // namespace chatd::rooms
