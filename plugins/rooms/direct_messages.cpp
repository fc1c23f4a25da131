// Direct messages: a `dm` frame becomes a room message to the two users'
// room (dm_room), whose live members are every ready connection of both, so
// the host's message path (rate limit, moderation, history, fan-out, ack)
// applies to it as to any room message.
#include "frame_fields.hpp"
#include "room_names.hpp"
#include "rooms_plugin.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace chatd::rooms {

namespace {

// As long as a room name may be; ':' would make the pair's room ambiguous
// (see dm_room), and control bytes have no place in a name.
constexpr std::size_t kMaxRecipientBytes = 64;

bool is_recipient_name(std::string_view name) {
    return !name.empty() && name.size() <= kMaxRecipientBytes &&
           std::none_of(name.begin(), name.end(), [](char c) {
               const auto byte = static_cast<unsigned char>(c);
               return c == ':' || byte < 0x20 || byte == 0x7f;
           });
}

} // namespace

chatd::Stage RoomsPlugin::direct_message(chatd::Frame &frame) {
    const chatd_conn_id conn = frame.conn();
    const std::string to(plugins::required_string(frame, "to"));
    if (!is_recipient_name(to))
        throw plugins::Rejection("bad_request", "to must be a user name of 1-" +
                                                    std::to_string(kMaxRecipientBytes) +
                                                    " bytes without ':' or control characters");
    check_text(plugins::required_string(frame, "text"));
    const std::string from = host_.user(conn);
    const std::string room = plugins::dm_room(from, to);
    // `to` has no ':', so only a sender's name can have one.
    const auto pair = plugins::dm_participants(room);
    if (!pair) throw plugins::Rejection("forbidden", "your user name cannot have direct messages");
    if (pair->first == pair->second)
        throw plugins::Rejection("bad_request", "a direct message goes to another user");

    // Silently: the two users are the room, so there is nobody to tell, and
    // a joined frame would move plain text into a conversation.
    std::vector<chatd_conn_id> conns = host_.user_conns(from);
    for (chatd_conn_id c : host_.user_conns(to))
        conns.push_back(c);
    for (chatd_conn_id c : conns)
        if (!host_.is_subscribed(c, room) && host_.subscribe(c, room) != CHATD_OK)
            throw std::runtime_error("the host refused to subscribe to " + room);

    // Later stages (moderation, permissions, history) take room messages.
    if (frame.set_string("type", "message") != CHATD_OK || frame.make_message(room) != CHATD_OK ||
        frame.set_extra("to", nlohmann::json(to).dump()) != CHATD_OK)
        throw std::runtime_error("the host refused to make a message for " + room);
    return chatd::Stage::Continue;
}

std::optional<std::string> RoomsPlugin::on_access(const chatd::AccessQuestion &question) {
    if (!plugins::is_dm_room(question.room()) ||
        plugins::is_dm_participant(question.room(), question.user()))
        return std::nullopt;
    return "a direct-message room is only for its two users";
}

} // namespace chatd::rooms
