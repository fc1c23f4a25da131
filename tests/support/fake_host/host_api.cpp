// The chatd_host_api functions, each doing what its comment in plugin_abi.h
// promises, against the State behind the plugin handle or frame handle.
#include "host_state.hpp"

#include <algorithm>
#include <limits>

namespace chatd::fake::detail {

namespace {

Frame &frame_of(const chatd_frame *frame) {
    return *reinterpret_cast<Frame *>(const_cast<chatd_frame *>(frame));
}

chatd_str_view view_of(const std::string &s) { return {s.data(), s.size()}; }

// The host's only rule for user, role and room names; plugins add their own.
bool is_valid_name(chatd_str_view name, std::size_t max_bytes) {
    const std::string_view s = as_string_view(name);
    return !s.empty() && s.size() <= max_bytes && std::none_of(s.begin(), s.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20;
    });
}
constexpr std::size_t kMaxRoomBytes = 255;
constexpr std::size_t kMaxUserBytes = 128;
constexpr std::size_t kMaxRoleBytes = 64;
// Longer than a year is a unit mistake, and the host refuses it.
constexpr uint64_t kMaxTimerMs = 365ull * 24 * 3600 * 1000;

// Close codes an endpoint may send.
bool is_sendable_close_code(uint16_t code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
           (code >= 3000 && code <= 4999);
}

// ---- Safe from any thread ----

void log(chatd_plugin *self, chatd_log_level level, chatd_str_view message) {
    State &s = State::of(self);
    std::lock_guard lock(s.mutex);
    s.logs.push_back({level, std::string(as_string_view(message))});
}

chatd_status post(chatd_plugin *self, void (*callback)(void *), void *user) {
    if (!callback) return CHATD_ERR_INVALID;
    State &s = State::of(self);
    std::lock_guard lock(s.mutex);
    if (!s.accepting_posts) return CHATD_ERR_STATE;
    s.queue.emplace_back([callback, user] { callback(user); });
    return CHATD_OK;
}

chatd_status resume(chatd_plugin *self, chatd_frame_id frame, chatd_stage_status status,
                    chatd_str_view error_code, chatd_str_view error_message) {
    if (status != CHATD_STAGE_CONTINUE && status != CHATD_STAGE_HANDLED &&
        status != CHATD_STAGE_REJECT)
        return CHATD_ERR_INVALID;
    State &s = State::of(self);
    std::lock_guard lock(s.mutex);
    if (!s.accepting_posts) return CHATD_ERR_STATE;
    Resumed record{frame, status, std::string(as_string_view(error_code)),
                   std::string(as_string_view(error_message))};
    s.resumed.push_back(record);
    // Like the host, accepted from any thread and applied on the pipeline
    // thread, where a frame that is no longer paused (already resumed, or its
    // connection gone) is dropped quietly.
    s.queue.emplace_back([&s, record] { s.apply(record); });
    return CHATD_OK;
}

// ---- Configuration ----

chatd_status config_string(chatd_plugin *self, const char *key, chatd_str_view *out) {
    return State::of(self).config.get_string(key, out);
}
chatd_status config_int(chatd_plugin *self, const char *key, int64_t *out) {
    return State::of(self).config.get_int(key, out);
}
chatd_status config_bool(chatd_plugin *self, const char *key, int32_t *out) {
    return State::of(self).config.get_bool(key, out);
}
chatd_status config_double(chatd_plugin *self, const char *key, double *out) {
    return State::of(self).config.get_double(key, out);
}
chatd_status config_array_size(chatd_plugin *self, const char *key, size_t *out) {
    return State::of(self).config.array_size(key, out);
}
chatd_status config_array_string(chatd_plugin *self, const char *key, size_t index,
                                 chatd_str_view *out) {
    return State::of(self).config.array_string(key, index, out);
}

// ---- Connections ----

chatd_status send(chatd_plugin *self, chatd_conn_id conn, chatd_str_view json) {
    State &s = State::of(self);
    if (!s.readable(conn)) return CHATD_ERR_NOT_FOUND;
    if (!parse_object(json)) return CHATD_ERR_INVALID;
    s.deliver(conn, std::string(as_string_view(json)));
    return CHATD_OK;
}

chatd_status close(chatd_plugin *self, chatd_conn_id conn, uint16_t code, chatd_str_view reason) {
    Connection *c = State::of(self).open(conn);
    if (!c) return CHATD_ERR_NOT_FOUND;
    if (!is_sendable_close_code(code)) return CHATD_ERR_INVALID;
    if (!c->close_request)
        c->close_request = CloseRequest{code, std::string(as_string_view(reason))};
    return CHATD_OK;
}

chatd_status conn_user(chatd_plugin *self, chatd_conn_id conn, chatd_str_view *out) {
    Connection *c = State::of(self).readable(conn);
    if (!c) return CHATD_ERR_NOT_FOUND;
    *out = view_of(c->user);
    return CHATD_OK;
}

chatd_status conn_set_user(chatd_plugin *self, chatd_conn_id conn, chatd_str_view user) {
    Connection *c = State::of(self).readable(conn);
    if (!c) return CHATD_ERR_NOT_FOUND;
    if (!is_valid_name(user, kMaxUserBytes)) return CHATD_ERR_INVALID;
    c->user = as_string_view(user);
    return CHATD_OK;
}

int32_t conn_has_role(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role) {
    Connection *c = State::of(self).readable(conn);
    return c && std::find(c->roles.begin(), c->roles.end(), as_string_view(role)) != c->roles.end();
}

chatd_status conn_add_role(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role) {
    Connection *c = State::of(self).readable(conn);
    if (!c) return CHATD_ERR_NOT_FOUND;
    if (!is_valid_name(role, kMaxRoleBytes)) return CHATD_ERR_INVALID;
    if (!conn_has_role(self, conn, role)) c->roles.emplace_back(as_string_view(role));
    return CHATD_OK;
}

chatd_status conn_remove_role(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role) {
    Connection *c = State::of(self).readable(conn);
    if (!c || std::erase(c->roles, as_string_view(role)) == 0) return CHATD_ERR_NOT_FOUND;
    return CHATD_OK;
}

chatd_status conn_roles(chatd_plugin *self, chatd_conn_id conn,
                        void (*each)(void *user, chatd_str_view role), void *user) {
    if (!each) return CHATD_ERR_INVALID;
    Connection *c = State::of(self).readable(conn);
    if (!c) return CHATD_ERR_NOT_FOUND;
    // A copy, so a callback that changes roles cannot invalidate the walk.
    for (const std::string &role : std::vector(c->roles))
        each(user, view_of(role));
    return CHATD_OK;
}

chatd_status conn_set_data(chatd_plugin *self, chatd_conn_id conn, void *data) {
    Connection *c = State::of(self).readable(conn);
    if (!c) return CHATD_ERR_NOT_FOUND;
    c->data = data;
    return CHATD_OK;
}

void *conn_data(chatd_plugin *self, chatd_conn_id conn) {
    Connection *c = State::of(self).readable(conn);
    return c ? c->data : nullptr;
}

chatd_status conn_remote_address(chatd_plugin *self, chatd_conn_id conn, chatd_str_view *out) {
    Connection *c = State::of(self).readable(conn);
    if (!c) return CHATD_ERR_NOT_FOUND;
    *out = view_of(c->remote_address);
    return CHATD_OK;
}

// ---- Rooms ----

chatd_status subscribe(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room) {
    State &s = State::of(self);
    Connection *c = s.readable(conn);
    if (!c) return CHATD_ERR_NOT_FOUND;
    if (!is_valid_name(room, kMaxRoomBytes)) return CHATD_ERR_INVALID;
    const std::string_view name = as_string_view(room);
    if (std::find(c->rooms.begin(), c->rooms.end(), name) != c->rooms.end()) return CHATD_OK;
    Room *r = s.room(name);
    if (!r) r = &s.rooms.emplace_back(Room{std::string(name), {}});
    r->members.push_back(conn);
    c->rooms.emplace_back(name);
    return CHATD_OK;
}

chatd_status unsubscribe(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room) {
    return State::of(self).unsubscribe(conn, as_string_view(room));
}

int32_t is_subscribed(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room) {
    Connection *c = State::of(self).readable(conn);
    return c && std::find(c->rooms.begin(), c->rooms.end(), as_string_view(room)) != c->rooms.end();
}

size_t room_size(chatd_plugin *self, chatd_str_view room) {
    const Room *r = State::of(self).room(as_string_view(room));
    return r ? r->members.size() : 0;
}

chatd_status room_members(chatd_plugin *self, chatd_str_view room,
                          void (*each)(void *user, chatd_conn_id conn), void *user) {
    if (!each) return CHATD_ERR_INVALID;
    const Room *r = State::of(self).room(as_string_view(room));
    if (!r) return CHATD_ERR_NOT_FOUND;
    for (const chatd_conn_id member : std::vector(r->members))
        each(user, member);
    return CHATD_OK;
}

chatd_status conn_rooms(chatd_plugin *self, chatd_conn_id conn,
                        void (*each)(void *user, chatd_str_view room), void *user) {
    if (!each) return CHATD_ERR_INVALID;
    Connection *c = State::of(self).readable(conn);
    if (!c) return CHATD_ERR_NOT_FOUND;
    for (const std::string &room : std::vector(c->rooms))
        each(user, view_of(room));
    return CHATD_OK;
}

chatd_status rooms(chatd_plugin *self,
                   void (*each)(void *user, chatd_str_view room, size_t members), void *user) {
    if (!each) return CHATD_ERR_INVALID;
    std::vector<std::pair<std::string, size_t>> listed;
    for (const Room &r : State::of(self).rooms)
        listed.emplace_back(r.name, r.members.size());
    for (const auto &[room, members] : listed)
        each(user, view_of(room), members);
    return CHATD_OK;
}

chatd_status publish(chatd_plugin *self, chatd_str_view room, chatd_str_view json,
                     chatd_conn_id exclude) {
    State &s = State::of(self);
    if (!is_valid_name(room, kMaxRoomBytes) || !parse_object(json)) return CHATD_ERR_INVALID;
    const Room *r = s.room(as_string_view(room));
    if (!r) return CHATD_OK;
    const std::string text(as_string_view(json));
    for (const chatd_conn_id member : std::vector(r->members))
        if (member != exclude) s.deliver(member, text);
    return CHATD_OK;
}

// ---- Frames ----

chatd_frame_id frame_id(const chatd_frame *frame) { return frame_of(frame).id; }
chatd_conn_id frame_conn(const chatd_frame *frame) { return frame_of(frame).conn; }

// The string under `key`, or why there is none.
chatd_status frame_string(const chatd_frame *frame, const char *key, const std::string *&out) {
    if (!key) return CHATD_ERR_INVALID;
    const Json &body = frame_of(frame).body;
    const auto it = body.find(key);
    if (it == body.end()) return CHATD_ERR_NOT_FOUND;
    if (!it->is_string()) return CHATD_ERR_WRONG_TYPE;
    out = &it->get_ref<const std::string &>();
    return CHATD_OK;
}

chatd_str_view frame_type(const chatd_frame *frame) {
    const std::string *type = nullptr;
    return frame_string(frame, "type", type) == CHATD_OK ? view_of(*type) : chatd_str_view{};
}

chatd_status frame_get_string(const chatd_frame *frame, const char *key, chatd_str_view *out) {
    const std::string *value = nullptr;
    const chatd_status st = frame_string(frame, key, value);
    if (st == CHATD_OK) *out = view_of(*value);
    return st;
}

chatd_status frame_get_int(const chatd_frame *frame, const char *key, int64_t *out) {
    if (!key) return CHATD_ERR_INVALID;
    const Json &body = frame_of(frame).body;
    const auto it = body.find(key);
    if (it == body.end()) return CHATD_ERR_NOT_FOUND;
    if (!it->is_number_integer()) return CHATD_ERR_WRONG_TYPE;
    if (it->is_number_unsigned() &&
        it->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        return CHATD_ERR_WRONG_TYPE;
    *out = it->get<int64_t>();
    return CHATD_OK;
}

chatd_status frame_set_string(chatd_frame *frame, const char *key, chatd_str_view value) {
    if (!key || (!value.data && value.size)) return CHATD_ERR_INVALID;
    // Every frame keeps a string type.
    if (key == std::string_view("type") && value.size == 0) return CHATD_ERR_INVALID;
    frame_of(frame).body[key] = std::string(as_string_view(value));
    return CHATD_OK;
}

chatd_status frame_set_int(chatd_frame *frame, const char *key, int64_t value) {
    if (!key || key == std::string_view("type")) return CHATD_ERR_INVALID;
    frame_of(frame).body[key] = value;
    return CHATD_OK;
}

chatd_status frame_remove(chatd_frame *frame, const char *key) {
    if (!key || key == std::string_view("type")) return CHATD_ERR_INVALID;
    return frame_of(frame).body.erase(key) ? CHATD_OK : CHATD_ERR_NOT_FOUND;
}

chatd_str_view frame_json(chatd_frame *frame) {
    Frame &f = frame_of(frame);
    f.json = f.body.dump(-1, ' ', false, Json::error_handler_t::replace);
    return view_of(f.json);
}

chatd_status reply(chatd_plugin *self, const chatd_frame *frame, chatd_str_view json) {
    State &s = State::of(self);
    const std::optional<Json> object = parse_object(json);
    if (!object) return CHATD_ERR_INVALID;
    const Frame &f = frame_of(frame);
    if (!s.readable(f.conn)) return CHATD_ERR_NOT_FOUND;
    s.deliver(f.conn, with_id(*object, f.body.value("id", Json())).dump());
    return CHATD_OK;
}

chatd_status frame_set_error(chatd_frame *frame, chatd_str_view code, chatd_str_view message) {
    if (code.size == 0) return CHATD_ERR_INVALID;
    frame_of(frame).error.emplace(as_string_view(code), as_string_view(message));
    return CHATD_OK;
}

// ---- Timers ----

chatd_timer_id timer_start(chatd_plugin *self, uint64_t delay_ms, uint64_t interval_ms,
                           void (*fire)(void *user, chatd_timer_id timer), void *user) {
    State &s = State::of(self);
    if (!s.running || delay_ms > kMaxTimerMs || interval_ms > kMaxTimerMs) return 0;
    return s.timers.start(delay_ms, interval_ms, fire, user);
}

chatd_status timer_cancel(chatd_plugin *self, chatd_timer_id timer) {
    return State::of(self).timers.cancel(timer);
}

} // namespace

chatd_host_api make_host_api() {
    chatd_host_api api{};
    api.struct_size = sizeof api;
    api.abi_major = CHATD_ABI_MAJOR;
    api.abi_minor = CHATD_ABI_MINOR;
    api.log = log;
    api.post = post;
    api.resume = resume;
    api.config_string = config_string;
    api.config_int = config_int;
    api.config_bool = config_bool;
    api.config_double = config_double;
    api.config_array_size = config_array_size;
    api.config_array_string = config_array_string;
    api.send = send;
    api.close = close;
    api.conn_user = conn_user;
    api.conn_set_user = conn_set_user;
    api.conn_has_role = conn_has_role;
    api.conn_add_role = conn_add_role;
    api.conn_remove_role = conn_remove_role;
    api.conn_roles = conn_roles;
    api.conn_set_data = conn_set_data;
    api.conn_data = conn_data;
    api.conn_remote_address = conn_remote_address;
    api.subscribe = subscribe;
    api.unsubscribe = unsubscribe;
    api.is_subscribed = is_subscribed;
    api.room_size = room_size;
    api.room_members = room_members;
    api.conn_rooms = conn_rooms;
    api.rooms = rooms;
    api.publish = publish;
    api.frame_id = frame_id;
    api.frame_conn = frame_conn;
    api.frame_type = frame_type;
    api.frame_get_string = frame_get_string;
    api.frame_get_int = frame_get_int;
    api.frame_set_string = frame_set_string;
    api.frame_set_int = frame_set_int;
    api.frame_remove = frame_remove;
    api.frame_json = frame_json;
    api.reply = reply;
    api.frame_set_error = frame_set_error;
    api.timer_start = timer_start;
    api.timer_cancel = timer_cancel;
    return api;
}

} // namespace chatd::fake::detail
