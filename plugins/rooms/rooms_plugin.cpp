#include "rooms_plugin.hpp"

#include "requests.hpp"
#include "room_names.hpp"

#include <array>
#include <utility>

namespace chatd::rooms {

RoomsPlugin::RoomsPlugin(const chatd::Host &host) : host_(host), settings_(load_settings(host)) {
    host_.info("default room '" + settings_.default_room + "'");
}

chatd::Stage RoomsPlugin::on_frame(chatd::Frame &frame) {
    using Handler = chatd::Stage (RoomsPlugin::*)(chatd::Frame &);
    static constexpr std::array<std::pair<std::string_view, Handler>, 7> handlers{{
        {"message", &RoomsPlugin::message},
        {"join", &RoomsPlugin::join},
        {"leave", &RoomsPlugin::leave},
        {"rooms", &RoomsPlugin::list_rooms},
        {"members", &RoomsPlugin::list_members},
        {"topic", &RoomsPlugin::topic},
        {"typing", &RoomsPlugin::typing},
    }};
    const std::string_view type = frame.type();
    for (const auto &[name, handler] : handlers) {
        if (name != type) continue;
        try {
            return (this->*handler)(frame);
        } catch (const Rejection &r) {
            return frame.reject(r.code(), r.what());
        }
    }
    // Not ours: a later stage or the host's terminal answers it.
    return chatd::Stage::Continue;
}

void RoomsPlugin::check_room_name(std::string_view name) const {
    if (!is_valid_room_name(name, settings_.max_room_name_bytes))
        throw Rejection("bad_request", room_name_rule(settings_.max_room_name_bytes));
}

std::string RoomsPlugin::room_of(const chatd::Frame &frame) const {
    const std::string_view room = required_string(frame, "room");
    check_room_name(room);
    return std::string(room);
}

void RoomsPlugin::require_member(chatd_conn_id conn, const std::string &room) const {
    if (!host_.is_subscribed(conn, room))
        throw Rejection("not_member", "you are not in room " + room);
}

bool RoomsPlugin::exists(const std::string &room) const {
    return host_.room_size(room) > 0 || directory_.topic(room).has_value();
}

std::vector<std::string> RoomsPlugin::member_names(const std::string &room) const {
    std::vector<std::string> names;
    for (const chatd_conn_id member : host_.room_members(room))
        names.push_back(host_.user(member));
    return names;
}

} // namespace chatd::rooms

namespace {
const char *const kCapabilities[] = {CHATD_CAP_ROOMS, CHATD_CAP_IDENTITY, nullptr};
} // namespace

CHATD_PLUGIN(chatd::rooms::RoomsPlugin, "rooms", "0.1.0",
             "rooms: join, leave, presence, topics, typing; checks room messages",
             chatd::rooms::kOptions.data(), static_cast<uint32_t>(chatd::rooms::kOptions.size()),
             kCapabilities)
