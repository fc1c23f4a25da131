#include "host_api/host_api.hpp"

#include "pipeline/pipeline.hpp"
#include "plugins/plugin.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

// The C functions behind chatd_host_api. Those for connections, rooms, reply
// and timers check that the caller is on the pipeline thread, log an error
// and refuse if not; log, post and resume may come from any thread. The
// config accessors check no thread (a plugin's settings never change after
// loading), nor do the frame accessors (a frame handle only exists inside
// on_frame, on the pipeline thread). Each copies whatever it keeps and
// reports misuse through its result instead of trusting the plugin.

namespace chatd::host_api {

namespace {

using pipeline::Pipeline;

std::string_view sv(chatd_str_view v) { return v.data ? std::string_view(v.data, v.size) : ""; }
chatd_str_view view(std::string_view s) { return {s.data(), s.size()}; }

// The pipeline of a plugin, if the caller is on its thread.
Pipeline *on_thread(chatd_plugin *self) {
    if (!self || !self->pipeline || !self->pipeline->on_pipeline_thread()) {
        spdlog::error("[{}] called a pipeline-thread host function from another thread",
                      self ? self->name : "?");
        return nullptr;
    }
    return self->pipeline;
}

// The connection a pipeline-thread function acts on, or the status to return:
// CHATD_ERR_STATE from another thread, CHATD_ERR_NOT_FOUND for an unknown id.
struct ConnLookup {
    pipeline::Connection *conn = nullptr;
    chatd_status status = CHATD_OK;
    explicit operator bool() const { return conn != nullptr; }
    pipeline::Connection *operator->() const { return conn; }
};

ConnLookup conn_of(chatd_plugin *self, chatd_conn_id conn) {
    Pipeline *p = on_thread(self);
    if (!p) return {nullptr, CHATD_ERR_STATE};
    pipeline::Connection *c = p->connection(conn);
    return {c, c ? CHATD_OK : CHATD_ERR_NOT_FOUND};
}

// Plugins hand the host JSON text; only a JSON object is a frame.
std::optional<pipeline::OutJson> parse_object(chatd_str_view json) {
    auto parsed = pipeline::OutJson::parse(sv(json), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
    return parsed;
}

bool valid_name(std::string_view s, size_t max) {
    if (s.empty() || s.size() > max) return false;
    return std::none_of(s.begin(), s.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

// ---- any thread ----

void log(chatd_plugin *self, chatd_log_level level, chatd_str_view message) {
    static constexpr spdlog::level::level_enum levels[] = {
        spdlog::level::trace, spdlog::level::debug, spdlog::level::info, spdlog::level::warn,
        spdlog::level::err};
    auto lvl =
        level >= CHATD_LOG_TRACE && level <= CHATD_LOG_ERROR ? levels[level] : spdlog::level::err;
    spdlog::log(lvl, "[{}] {}", self ? self->name : "?", sv(message));
}

chatd_status post(chatd_plugin *self, void (*callback)(void *), void *user) {
    if (!self || !self->pipeline || !callback) return CHATD_ERR_INVALID;
    bool queued = self->pipeline->post([self, callback, user] {
        if (self->active) callback(user);
    });
    return queued ? CHATD_OK : CHATD_ERR_STATE;
}

chatd_status resume(chatd_plugin *self, chatd_frame_id frame, chatd_stage_status status,
                    chatd_str_view code, chatd_str_view message) {
    if (!self || !self->pipeline) return CHATD_ERR_INVALID;
    if (status != CHATD_STAGE_CONTINUE && status != CHATD_STAGE_HANDLED &&
        status != CHATD_STAGE_REJECT)
        return CHATD_ERR_INVALID;
    self->pipeline->resume(self, frame, status, std::string(sv(code)), std::string(sv(message)));
    return CHATD_OK;
}

// ---- configuration ----

template <class T> chatd_status config_value(chatd_plugin *self, const char *key, T *out) {
    if (!self || !key || !out || !self->settings) return CHATD_ERR_INVALID;
    const config::Value *v = self->settings->find(key);
    if (!v) return CHATD_ERR_NOT_FOUND;
    if constexpr (std::is_same_v<T, chatd_str_view>) {
        auto *s = std::get_if<std::string>(v);
        if (!s) return CHATD_ERR_WRONG_TYPE;
        *out = view(*s);
    } else if constexpr (std::is_same_v<T, int32_t>) {
        auto *b = std::get_if<bool>(v);
        if (!b) return CHATD_ERR_WRONG_TYPE;
        *out = *b ? 1 : 0;
    } else {
        auto *x = std::get_if<T>(v);
        if (!x) return CHATD_ERR_WRONG_TYPE;
        *out = *x;
    }
    return CHATD_OK;
}

chatd_status config_string(chatd_plugin *self, const char *key, chatd_str_view *out) {
    return config_value(self, key, out);
}
chatd_status config_int(chatd_plugin *self, const char *key, int64_t *out) {
    return config_value(self, key, out);
}
chatd_status config_bool(chatd_plugin *self, const char *key, int32_t *out) {
    return config_value(self, key, out);
}
chatd_status config_double(chatd_plugin *self, const char *key, double *out) {
    return config_value(self, key, out);
}

const std::vector<std::string> *config_array(chatd_plugin *self, const char *key,
                                             chatd_status &status) {
    status = CHATD_ERR_INVALID;
    if (!self || !key || !self->settings) return nullptr;
    const config::Value *v = self->settings->find(key);
    status = v ? CHATD_ERR_WRONG_TYPE : CHATD_ERR_NOT_FOUND;
    auto *array = v ? std::get_if<std::vector<std::string>>(v) : nullptr;
    if (array) status = CHATD_OK;
    return array;
}

chatd_status config_array_size(chatd_plugin *self, const char *key, size_t *out) {
    chatd_status status;
    auto *array = config_array(self, key, status);
    if (array && out) *out = array->size();
    return out ? status : CHATD_ERR_INVALID;
}

chatd_status config_array_string(chatd_plugin *self, const char *key, size_t index,
                                 chatd_str_view *out) {
    chatd_status status;
    auto *array = config_array(self, key, status);
    if (!array || !out) return out ? status : CHATD_ERR_INVALID;
    if (index >= array->size()) return CHATD_ERR_NOT_FOUND;
    *out = view((*array)[index]);
    return CHATD_OK;
}

// ---- connections ----

chatd_status send(chatd_plugin *self, chatd_conn_id conn, chatd_str_view json) {
    Pipeline *p = on_thread(self);
    if (!p) return CHATD_ERR_STATE;
    if (!p->connection(conn)) return CHATD_ERR_NOT_FOUND;
    if (!parse_object(json)) return CHATD_ERR_INVALID;
    return p->send(conn, std::string(sv(json))) ? CHATD_OK : CHATD_ERR_STATE;
}

chatd_status close(chatd_plugin *self, chatd_conn_id conn, uint16_t code, chatd_str_view reason) {
    if (auto c = conn_of(self, conn); !c) return c.status;
    // Only codes an endpoint may send: 1000, 1001, 1008 and friends, or the
    // application range.
    bool sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) ||
                    (code >= 3000 && code <= 4999);
    if (!sendable) return CHATD_ERR_INVALID;
    self->pipeline->close(conn, code, std::string(sv(reason)));
    return CHATD_OK;
}

chatd_status conn_user(chatd_plugin *self, chatd_conn_id conn, chatd_str_view *out) {
    auto c = conn_of(self, conn);
    if (!c) return c.status;
    if (!out) return CHATD_ERR_INVALID;
    *out = view(c->user);
    return CHATD_OK;
}

chatd_status conn_set_user(chatd_plugin *self, chatd_conn_id conn, chatd_str_view user) {
    auto c = conn_of(self, conn);
    if (!c) return c.status;
    if (!valid_name(sv(user), 128)) return CHATD_ERR_INVALID;
    c->user = std::string(sv(user));
    return CHATD_OK;
}

int32_t conn_has_role(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role) {
    auto c = conn_of(self, conn);
    if (!c) return 0;
    return std::find(c->roles.begin(), c->roles.end(), sv(role)) != c->roles.end() ? 1 : 0;
}

chatd_status conn_add_role(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role) {
    auto c = conn_of(self, conn);
    if (!c) return c.status;
    if (!valid_name(sv(role), 64)) return CHATD_ERR_INVALID;
    if (std::find(c->roles.begin(), c->roles.end(), sv(role)) == c->roles.end())
        c->roles.emplace_back(sv(role));
    return CHATD_OK;
}

chatd_status conn_remove_role(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role) {
    auto c = conn_of(self, conn);
    if (!c) return c.status;
    auto it = std::find(c->roles.begin(), c->roles.end(), sv(role));
    if (it == c->roles.end()) return CHATD_ERR_NOT_FOUND;
    c->roles.erase(it);
    return CHATD_OK;
}

chatd_status conn_roles(chatd_plugin *self, chatd_conn_id conn,
                        void (*each)(void *, chatd_str_view), void *user) {
    auto c = conn_of(self, conn);
    if (!c) return c.status;
    if (!each) return CHATD_ERR_INVALID;
    std::vector<std::string> roles = c->roles; // the callback may change them
    for (const auto &r : roles)
        each(user, view(r));
    return CHATD_OK;
}

chatd_status conn_set_data(chatd_plugin *self, chatd_conn_id conn, void *data) {
    auto c = conn_of(self, conn);
    if (!c) return c.status;
    if (data)
        c->plugin_data[self] = data;
    else
        c->plugin_data.erase(self);
    return CHATD_OK;
}

void *conn_data(chatd_plugin *self, chatd_conn_id conn) {
    auto c = conn_of(self, conn);
    if (!c) return nullptr;
    auto it = c->plugin_data.find(self);
    return it == c->plugin_data.end() ? nullptr : it->second;
}

chatd_status conn_remote_address(chatd_plugin *self, chatd_conn_id conn, chatd_str_view *out) {
    auto c = conn_of(self, conn);
    if (!c) return c.status;
    if (!out) return CHATD_ERR_INVALID;
    *out = view(c->remote);
    return CHATD_OK;
}

// ---- rooms ----

// Plugins choose their own naming rules (the rooms plugin is stricter); the
// host only refuses what could never be a room name.
bool valid_room(chatd_str_view room) { return valid_name(sv(room), 255); }

chatd_status subscribe(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room) {
    if (auto c = conn_of(self, conn); !c) return c.status;
    if (!valid_room(room)) return CHATD_ERR_INVALID;
    self->pipeline->subscriptions().subscribe(conn, sv(room));
    return CHATD_OK;
}

chatd_status unsubscribe(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room) {
    if (auto c = conn_of(self, conn); !c) return c.status;
    return self->pipeline->subscriptions().unsubscribe(conn, sv(room)) ? CHATD_OK
                                                                       : CHATD_ERR_NOT_FOUND;
}

int32_t is_subscribed(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room) {
    Pipeline *p = on_thread(self);
    return p && p->subscriptions().is_member(conn, sv(room)) ? 1 : 0;
}

size_t room_size(chatd_plugin *self, chatd_str_view room) {
    Pipeline *p = on_thread(self);
    return p ? p->subscriptions().members(sv(room)).size() : 0;
}

chatd_status room_members(chatd_plugin *self, chatd_str_view room,
                          void (*each)(void *, chatd_conn_id), void *user) {
    Pipeline *p = on_thread(self);
    if (!p) return CHATD_ERR_STATE;
    if (!each) return CHATD_ERR_INVALID;
    std::vector<chatd_conn_id> members = p->subscriptions().members(sv(room));
    for (chatd_conn_id c : members)
        each(user, c);
    return CHATD_OK;
}

chatd_status conn_rooms(chatd_plugin *self, chatd_conn_id conn,
                        void (*each)(void *, chatd_str_view), void *user) {
    if (auto c = conn_of(self, conn); !c) return c.status;
    if (!each) return CHATD_ERR_INVALID;
    std::vector<std::string> rooms = self->pipeline->subscriptions().rooms_of(conn);
    for (const auto &r : rooms)
        each(user, view(r));
    return CHATD_OK;
}

chatd_status rooms(chatd_plugin *self, void (*each)(void *, chatd_str_view, size_t), void *user) {
    Pipeline *p = on_thread(self);
    if (!p) return CHATD_ERR_STATE;
    if (!each) return CHATD_ERR_INVALID;
    std::vector<std::pair<std::string, size_t>> all;
    p->subscriptions().for_each_room(
        [&](const std::string &name, size_t n) { all.emplace_back(name, n); });
    for (const auto &[name, n] : all)
        each(user, view(name), n);
    return CHATD_OK;
}

chatd_status publish(chatd_plugin *self, chatd_str_view room, chatd_str_view json,
                     chatd_conn_id exclude) {
    Pipeline *p = on_thread(self);
    if (!p) return CHATD_ERR_STATE;
    if (!valid_room(room) || !parse_object(json)) return CHATD_ERR_INVALID;
    p->publish(sv(room), std::string(sv(json)), exclude);
    return CHATD_OK;
}

// ---- frames ----

chatd_frame_id frame_id(const chatd_frame *frame) { return frame ? frame->id : 0; }
chatd_conn_id frame_conn(const chatd_frame *frame) { return frame ? frame->conn : 0; }

chatd_str_view frame_type(const chatd_frame *frame) {
    if (!frame) return {};
    auto it = frame->body.find("type");
    if (it == frame->body.end() || !it->is_string()) return {};
    return view(it->get_ref<const std::string &>());
}

chatd_status frame_get_string(const chatd_frame *frame, const char *key, chatd_str_view *out) {
    if (!frame || !key || !out) return CHATD_ERR_INVALID;
    auto it = frame->body.find(key);
    if (it == frame->body.end()) return CHATD_ERR_NOT_FOUND;
    if (!it->is_string()) return CHATD_ERR_WRONG_TYPE;
    *out = view(it->get_ref<const std::string &>());
    return CHATD_OK;
}

chatd_status frame_get_int(const chatd_frame *frame, const char *key, int64_t *out) {
    if (!frame || !key || !out) return CHATD_ERR_INVALID;
    auto it = frame->body.find(key);
    if (it == frame->body.end()) return CHATD_ERR_NOT_FOUND;
    if (!it->is_number_integer()) return CHATD_ERR_WRONG_TYPE;
    if (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t(INT64_MAX))
        return CHATD_ERR_WRONG_TYPE;
    *out = it->get<int64_t>();
    return CHATD_OK;
}

chatd_status frame_set_string(chatd_frame *frame, const char *key, chatd_str_view value) {
    if (!frame || !key) return CHATD_ERR_INVALID;
    if (std::string_view(key) == "type" && sv(value).empty()) return CHATD_ERR_INVALID;
    frame->body[key] = std::string(sv(value));
    frame->json_cache.clear();
    return CHATD_OK;
}

chatd_status frame_set_int(chatd_frame *frame, const char *key, int64_t value) {
    if (!frame || !key || std::string_view(key) == "type") return CHATD_ERR_INVALID;
    // A non-negative integer is stored unsigned so the terminal accepts it as a seq.
    if (value >= 0)
        frame->body[key] = static_cast<uint64_t>(value);
    else
        frame->body[key] = value;
    frame->json_cache.clear();
    return CHATD_OK;
}

chatd_status frame_remove(chatd_frame *frame, const char *key) {
    if (!frame || !key || std::string_view(key) == "type") return CHATD_ERR_INVALID;
    if (frame->body.erase(key) == 0) return CHATD_ERR_NOT_FOUND;
    frame->json_cache.clear();
    return CHATD_OK;
}

chatd_str_view frame_json(chatd_frame *frame) {
    if (!frame) return {};
    if (frame->json_cache.empty()) frame->json_cache = pipeline::to_text(frame->body);
    return view(frame->json_cache);
}

chatd_status reply(chatd_plugin *self, const chatd_frame *frame, chatd_str_view json) {
    Pipeline *p = on_thread(self);
    if (!p) return CHATD_ERR_STATE;
    if (!frame) return CHATD_ERR_INVALID;
    auto body = parse_object(json);
    if (!body) return CHATD_ERR_INVALID;
    if (!p->connection(frame->conn)) return CHATD_ERR_NOT_FOUND;
    p->reply(*frame, *body);
    return CHATD_OK;
}

chatd_status frame_set_error(chatd_frame *frame, chatd_str_view code, chatd_str_view message) {
    if (!frame || sv(code).empty()) return CHATD_ERR_INVALID;
    frame->error_code = std::string(sv(code));
    frame->error_message = std::string(sv(message));
    return CHATD_OK;
}

// ---- timers ----

chatd_timer_id timer_start(chatd_plugin *self, uint64_t delay_ms, uint64_t interval_ms,
                           void (*fire)(void *, chatd_timer_id), void *user) {
    Pipeline *p = on_thread(self);
    if (!p || !fire) return 0;
    // Beyond a year is a unit mistake, not a timer.
    constexpr uint64_t kMaxMs = 365ull * 24 * 3600 * 1000;
    if (delay_ms > kMaxMs || interval_ms > kMaxMs) return 0;
    return p->timers().start(self, std::chrono::milliseconds(delay_ms),
                             std::chrono::milliseconds(interval_ms),
                             [self, fire, user](uint64_t id) {
                                 if (self->active) fire(user, id);
                             });
}

chatd_status timer_cancel(chatd_plugin *self, chatd_timer_id timer) {
    Pipeline *p = on_thread(self);
    if (!p) return CHATD_ERR_STATE;
    return p->timers().cancel(self, timer) ? CHATD_OK : CHATD_ERR_NOT_FOUND;
}

chatd_host_api make_table() {
    chatd_host_api t{};
    t.struct_size = sizeof(chatd_host_api);
    t.abi_major = CHATD_ABI_MAJOR;
    t.abi_minor = CHATD_ABI_MINOR;
    t.log = log;
    t.post = post;
    t.resume = resume;
    t.config_string = config_string;
    t.config_int = config_int;
    t.config_bool = config_bool;
    t.config_double = config_double;
    t.config_array_size = config_array_size;
    t.config_array_string = config_array_string;
    t.send = send;
    t.close = close;
    t.conn_user = conn_user;
    t.conn_set_user = conn_set_user;
    t.conn_has_role = conn_has_role;
    t.conn_add_role = conn_add_role;
    t.conn_remove_role = conn_remove_role;
    t.conn_roles = conn_roles;
    t.conn_set_data = conn_set_data;
    t.conn_data = conn_data;
    t.conn_remote_address = conn_remote_address;
    t.subscribe = subscribe;
    t.unsubscribe = unsubscribe;
    t.is_subscribed = is_subscribed;
    t.room_size = room_size;
    t.room_members = room_members;
    t.conn_rooms = conn_rooms;
    t.rooms = rooms;
    t.publish = publish;
    t.frame_id = frame_id;
    t.frame_conn = frame_conn;
    t.frame_type = frame_type;
    t.frame_get_string = frame_get_string;
    t.frame_get_int = frame_get_int;
    t.frame_set_string = frame_set_string;
    t.frame_set_int = frame_set_int;
    t.frame_remove = frame_remove;
    t.frame_json = frame_json;
    t.reply = reply;
    t.frame_set_error = frame_set_error;
    t.timer_start = timer_start;
    t.timer_cancel = timer_cancel;
    return t;
}

} // namespace

const chatd_host_api *table() {
    static const chatd_host_api t = make_table();
    return &t;
}

} // namespace chatd::host_api
