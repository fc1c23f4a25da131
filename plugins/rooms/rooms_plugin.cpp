#include "rooms_plugin.hpp"

#include "frame_fields.hpp"
#include "room_names.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace chatd::rooms {

RoomsPlugin::RoomsPlugin(const chatd::Host &host)
    : host_(host), settings_(load_settings(host)),
      topic_faults_([host](const std::string &line) { host.error(line); },
                    [host](const std::string &line) { host.info(line); }, "topics are stored"),
      topics_({.path = settings_.database, .max_topics = settings_.max_topics}),
      directory_(topics_.read_all()),
      presence_(host, {.told_at_once_up_to = settings_.default_limit,
                       .tick_ms = settings_.presence_tick_ms,
                       .max_members = settings_.presence_max_members}) {
    host_.info("default room '" + settings_.default_room + "', topics in " +
               settings_.database.string());
}

namespace {

const char *const kMessageTypes[] = {"message", "dm", nullptr};
const char *const kRequestTypes[] = {"join",  "leave",  "rooms", "members",
                                     "topic", "typing", nullptr};

// Runs a handler, turning its Rejection into the frame's error.
template <class Handler>
chatd::Stage answer(RoomsPlugin &plugin, Handler handler, chatd::Frame &frame) {
    try {
        return (plugin.*handler)(frame);
    } catch (const plugins::Rejection &r) {
        return frame.reject(r.code(), r.what());
    }
}

} // namespace

const std::array<chatd_stage, 2> RoomsPlugin::stages = {
    chatd::stage<&RoomsPlugin::resolve>(CHATD_PHASE_RESOLVE, kMessageTypes),
    chatd::stage<&RoomsPlugin::handle>(CHATD_PHASE_HANDLE, kRequestTypes),
};

chatd::Stage RoomsPlugin::resolve(chatd::Frame &frame) {
    return answer(
        *this, frame.type() == "dm" ? &RoomsPlugin::direct_message : &RoomsPlugin::message, frame);
}

chatd::Stage RoomsPlugin::handle(chatd::Frame &frame) {
    using Handler = chatd::Stage (RoomsPlugin::*)(chatd::Frame &);
    static constexpr std::array<std::pair<std::string_view, Handler>, 6> handlers{{
        {"join", &RoomsPlugin::join},
        {"leave", &RoomsPlugin::leave},
        {"rooms", &RoomsPlugin::list_rooms},
        {"members", &RoomsPlugin::list_members},
        {"topic", &RoomsPlugin::topic},
        {"typing", &RoomsPlugin::typing},
    }};
    const std::string_view type = frame.type();
    for (const auto &[name, handler] : handlers)
        if (name == type) return answer(*this, handler, frame);
    // The stage sees only kRequestTypes; an earlier stage may have retyped the frame.
    return chatd::Stage::Continue;
}

void RoomsPlugin::check_room_name(std::string_view name) const {
    if (!plugins::is_valid_room_name(name, settings_.max_room_name_bytes))
        throw plugins::Rejection("bad_request",
                                 plugins::room_name_rule(settings_.max_room_name_bytes));
}

void RoomsPlugin::check_text(std::string_view text) const {
    if (text.empty()) throw plugins::Rejection("bad_request", "text must not be empty");
    if (text.size() > settings_.max_text_bytes)
        throw plugins::Rejection("too_large", "text is longer than " +
                                                  std::to_string(settings_.max_text_bytes) +
                                                  " bytes");
}

std::string RoomsPlugin::room_of(const chatd::Frame &frame, bool dm_allowed) const {
    const std::string_view room = plugins::required_string(frame, "room");
    if (!dm_allowed || !plugins::dm_participants(room)) check_room_name(room);
    return std::string(room);
}

void RoomsPlugin::require_participant(chatd_conn_id conn, const std::string &room) const {
    if (plugins::is_dm_participant(room, host_.user(conn))) return;
    throw plugins::Rejection("forbidden", "you are not one of the two users of " + room);
}

std::size_t RoomsPlugin::joined_rooms(chatd_conn_id conn) const {
    const std::vector<std::string> rooms = host_.conn_rooms(conn);
    return static_cast<std::size_t>(std::count_if(
        rooms.begin(), rooms.end(), [](const std::string &r) { return !plugins::is_dm_room(r); }));
}

void RoomsPlugin::require_member(chatd_conn_id conn, const std::string &room) const {
    if (!host_.is_subscribed(conn, room))
        throw plugins::Rejection("not_member", "you are not in room " + room);
}

bool RoomsPlugin::exists(const std::string &room) const { return host_.room_size(room) > 0; }

replies::Page<std::string> RoomsPlugin::member_page(const std::string &room,
                                                    const PageRequest &request) const {
    const std::vector<chatd_conn_id> members = host_.room_members(room);
    const MemberSlice slice = slice_of_members(members.size(), request);
    replies::Page<std::string> page{{}, slice.next_cursor};
    for (std::size_t i = slice.first; i < slice.last; ++i)
        page.items.push_back(host_.user(members[i]));
    return page;
}

} // namespace chatd::rooms

namespace {
const char *const kCapabilities[] = {CHATD_CAP_ROOMS, CHATD_CAP_IDENTITY, CHATD_CAP_PAUSE,
                                     CHATD_CAP_TIMERS, nullptr};
} // namespace

CHATD_PLUGIN(chatd::rooms::RoomsPlugin, "rooms", "0.1.0",
             "rooms: room messages, join, leave, presence, topics, typing",
             chatd::rooms::kOptions.data(), static_cast<uint32_t>(chatd::rooms::kOptions.size()),
             kCapabilities)
