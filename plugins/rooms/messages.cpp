// What members say: room messages, resolved and checked here, then committed
// and delivered by the host; and typing notices.
#include "frame_fields.hpp"
#include "replies.hpp"
#include "rooms_plugin.hpp"

#include <stdexcept>

namespace chatd::rooms {

chatd::Stage RoomsPlugin::message(chatd::Frame &frame) {
    const chatd_conn_id conn = frame.conn();
    const auto named = plugins::optional_string(frame, "room");
    if (named) check_room_name(*named);
    check_text(plugins::required_string(frame, "text"));
    std::string room;
    if (named) {
        room = std::string(*named);
        require_member(conn, room);
    } else {
        // Plain text, or a message that names no room: the default room.
        const auto fallback = directory_.default_room(
            conn, [&](const std::string &r) { return host_.is_subscribed(conn, r); });
        if (!fallback) throw plugins::Rejection("not_member", "you are in no room; join one first");
        room = *fallback;
    }
    // The host fans the message out after the later phases; what presence
    // gathered goes first, so nobody's message comes before their join.
    presence_.flush(room);
    if (frame.make_message(room) != CHATD_OK)
        throw std::runtime_error("the host refused to make a message for " + room);
    return chatd::Stage::Continue;
}

chatd::Stage RoomsPlugin::typing(chatd::Frame &frame) {
    const std::string room = room_of(frame);
    const chatd_conn_id conn = frame.conn();
    require_member(conn, room);
    presence_.flush(room);
    host_.publish(room, replies::typing(room, host_.user(conn)), conn);
    return chatd::Stage::Handled;
}

} // namespace chatd::rooms
