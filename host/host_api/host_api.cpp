#include "host_api/host_api.hpp"

#include "host_api/abi_values.hpp"
#include "host_api/http_api.hpp"
#include "pipeline/message_record.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/plugin.hpp"
#include "transport/close_codes.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <spdlog/spdlog.h>

// The C functions behind chatd_host_api. Those for connections, rooms, reply
// and timers check that the caller is on the pipeline thread, log an error
// and refuse if not; log, post and the resume family may come from any thread. The
// config accessors check no thread (a plugin's settings never change after
// loading), nor do the frame accessors (a frame handle only exists inside
// on_frame, on the pipeline thread). Each copies whatever it keeps and
// reports misuse through its result instead of trusting the plugin.

namespace chatd::host_api {

namespace {

using pipeline::Pipeline;

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

// From another thread, `work` runs later on the pipeline thread; the caller
// learns only whether it was queued.
template <class Work> chatd_status on_pipeline(chatd_plugin *self, Work &&work) {
    Pipeline *p = self->pipeline;
    if (p->on_pipeline_thread()) return work(*p);
    return p->post([p, work = std::forward<Work>(work)]() mutable { work(*p); }) ? CHATD_OK
                                                                                 : CHATD_ERR_STATE;
}

chatd_status send_status(transport::SendResult result) {
    switch (result) {
    case transport::SendResult::Queued: return CHATD_OK;
    case transport::SendResult::Full: return CHATD_ERR_LIMIT;
    case transport::SendResult::Gone: break;
    }
    return CHATD_ERR_NOT_FOUND;
}

chatd_status send(chatd_plugin *self, chatd_conn_id conn, chatd_str_view json) {
    if (!self || !self->pipeline) return CHATD_ERR_INVALID;
    if (!parse_object(json)) return CHATD_ERR_INVALID;
    return on_pipeline(self, [conn, text = std::string(sv(json))](Pipeline &p) {
        return send_status(p.send(conn, text));
    });
}

chatd_status close(chatd_plugin *self, chatd_conn_id conn, uint16_t code, chatd_str_view reason) {
    if (!self || !self->pipeline) return CHATD_ERR_INVALID;
    if (!transport::is_sendable_close_code(code)) return CHATD_ERR_INVALID;
    return on_pipeline(self, [conn, code, why = std::string(sv(reason))](Pipeline &p) {
        if (!p.connection(conn)) return CHATD_ERR_NOT_FOUND;
        p.close(conn, code, why);
        return CHATD_OK;
    });
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
    if (!valid_user(user)) return CHATD_ERR_INVALID;
    self->pipeline->set_user(*c.conn, std::string(sv(user)));
    return CHATD_OK;
}

int32_t conn_has_role(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role) {
    auto c = conn_of(self, conn);
    if (!c) return 0;
    return holds(c->roles, role) ? 1 : 0;
}

chatd_status conn_add_role(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role) {
    auto c = conn_of(self, conn);
    if (!c) return c.status;
    return add_role(c->roles, role);
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

chatd_status rooms_after(chatd_plugin *self, chatd_str_view after, size_t limit,
                         void (*each)(void *, chatd_str_view, size_t), void *user) {
    Pipeline *p = on_thread(self);
    if (!p) return CHATD_ERR_STATE;
    if (!each || (after.size > 0 && !after.data)) return CHATD_ERR_INVALID;
    // Copied first: `each` may subscribe or unsubscribe, which would
    // invalidate the walk.
    std::vector<std::pair<std::string, size_t>> page;
    p->subscriptions().for_each_room(
        sv(after), limit, [&](const std::string &name, size_t n) { page.emplace_back(name, n); });
    for (const auto &[name, n] : page)
        each(user, view(name), n);
    return CHATD_OK;
}

chatd_status rooms(chatd_plugin *self, void (*each)(void *, chatd_str_view, size_t), void *user) {
    return rooms_after(self, {}, SIZE_MAX, each, user);
}

chatd_status user_conns(chatd_plugin *self, chatd_str_view user,
                        void (*each)(void *, chatd_conn_id), void *each_user) {
    Pipeline *p = on_thread(self);
    if (!p) return CHATD_ERR_STATE;
    if (!each || (user.size > 0 && !user.data)) return CHATD_ERR_INVALID;
    // Copied first: `each` may close a connection, which changes the index.
    std::vector<chatd_conn_id> conns = p->users().conns_of(sv(user));
    for (chatd_conn_id c : conns)
        each(each_user, c);
    return CHATD_OK;
}

chatd_status publish(chatd_plugin *self, chatd_str_view room, chatd_str_view json,
                     chatd_conn_id exclude) {
    if (!self || !self->pipeline) return CHATD_ERR_INVALID;
    if (!valid_room(room) || !parse_object(json)) return CHATD_ERR_INVALID;
    return on_pipeline(
        self, [name = std::string(sv(room)), text = std::string(sv(json)), exclude](Pipeline &p) {
            p.publish(name, text, exclude);
            return CHATD_OK;
        });
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
    frame->message_cache.clear();
    return CHATD_OK;
}

chatd_status frame_set_int(chatd_frame *frame, const char *key, int64_t value) {
    if (!frame || !key || std::string_view(key) == "type") return CHATD_ERR_INVALID;
    frame->body[key] = value;
    frame->json_cache.clear();
    return CHATD_OK;
}

chatd_status frame_remove(chatd_frame *frame, const char *key) {
    if (!frame || !key || std::string_view(key) == "type") return CHATD_ERR_INVALID;
    if (frame->body.erase(key) == 0) return CHATD_ERR_NOT_FOUND;
    frame->json_cache.clear();
    frame->message_cache.clear();
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

// ---- 1.1 ----

chatd_status resume_with_reply(chatd_plugin *self, chatd_frame_id frame, chatd_str_view json) {
    if (!self || !self->pipeline) return CHATD_ERR_INVALID;
    auto body = parse_object(json);
    if (!body) return CHATD_ERR_INVALID;
    self->pipeline->resume(self, frame, CHATD_STAGE_HANDLED, {}, {}, std::move(*body));
    return CHATD_OK;
}

chatd_status resume_committed(chatd_plugin *self, chatd_frame_id frame, uint64_t seq,
                              int64_t ts_ms) {
    if (!self || !self->pipeline || seq == 0) return CHATD_ERR_INVALID;
    return self->pipeline->resume_committed(self, frame, seq, ts_ms);
}

chatd_status check_subscribed(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room,
                              int32_t *out) {
    if (auto c = conn_of(self, conn); !c) return c.status;
    if (!out) return CHATD_ERR_INVALID;
    *out = self->pipeline->subscriptions().is_member(conn, sv(room)) ? 1 : 0;
    return CHATD_OK;
}

chatd_status check_role(chatd_plugin *self, chatd_conn_id conn, chatd_str_view role, int32_t *out) {
    auto c = conn_of(self, conn);
    if (!c) return c.status;
    if (!out) return CHATD_ERR_INVALID;
    *out = holds(c->roles, role) ? 1 : 0;
    return CHATD_OK;
}

chatd_status count_members(chatd_plugin *self, chatd_str_view room, size_t *out) {
    Pipeline *p = on_thread(self);
    if (!p) return CHATD_ERR_STATE;
    if (!out) return CHATD_ERR_INVALID;
    *out = p->subscriptions().members(sv(room)).size();
    return CHATD_OK;
}

chatd_status conn_set_ready(chatd_plugin *self, chatd_conn_id conn) {
    auto c = conn_of(self, conn);
    if (!c) return c.status;
    return self->pipeline->set_ready(self, *c.conn) ? CHATD_OK : CHATD_ERR_STATE;
}

chatd_status conn_is_ready(chatd_plugin *self, chatd_conn_id conn, int32_t *out) {
    auto c = conn_of(self, conn);
    if (!c) return c.status;
    if (!out) return CHATD_ERR_INVALID;
    *out = c->ready ? 1 : 0;
    return CHATD_OK;
}

// The frame's sender, which the frame's connection outlives.
const std::string &sender(const chatd_frame &frame) { return frame.owner->user; }

chatd_status frame_make_message(chatd_frame *frame, chatd_str_view room) {
    if (!frame || !valid_room(room)) return CHATD_ERR_INVALID;
    auto text = frame->body.find("text");
    if (text == frame->body.end() || !text->is_string()) return CHATD_ERR_INVALID;
    if (!frame->message.committed_json.empty()) return CHATD_ERR_STATE;
    frame->body["room"] = std::string(sv(room));
    frame->message.marked = true;
    frame->json_cache.clear();
    frame->message_cache.clear();
    return CHATD_OK;
}

chatd_status frame_message(const chatd_frame *frame, chatd_message *out) {
    if (!frame || !out) return CHATD_ERR_INVALID;
    if (!frame->message.marked) return CHATD_ERR_NOT_FOUND;
    chatd_message m{};
    m.struct_size = sizeof m;
    m.room = view(pipeline::string_field(frame->body, "room"));
    m.from = view(sender(*frame));
    m.text = view(pipeline::string_field(frame->body, "text"));
    m.seq = frame->message.seq;
    m.ts_ms = frame->message.ts_ms;
    m.extra_json = view(frame->message.extra_text);
    return copy_sized(m, out);
}

chatd_status frame_set_extra(chatd_frame *frame, const char *key, chatd_str_view json) {
    if (!frame || !key || pipeline::is_message_key(key)) return CHATD_ERR_INVALID;
    if (!frame->message.marked) return CHATD_ERR_NOT_FOUND;
    if (!frame->message.committed_json.empty()) return CHATD_ERR_STATE;
    auto value = pipeline::OutJson::parse(sv(json), nullptr, false);
    if (value.is_discarded()) return CHATD_ERR_INVALID;
    frame->message.extra[key] = std::move(value);
    frame->message.extra_text = pipeline::to_text(frame->message.extra);
    frame->message_cache.clear();
    return CHATD_OK;
}

chatd_status frame_commit_message(chatd_frame *frame, uint64_t seq, int64_t ts_ms) {
    if (!frame || seq == 0) return CHATD_ERR_INVALID;
    if (!frame->message.marked) return CHATD_ERR_NOT_FOUND;
    if (!frame->message.committed_json.empty()) return CHATD_ERR_STATE;
    pipeline::commit_message(*frame, sender(*frame), seq, ts_ms);
    return CHATD_OK;
}

chatd_str_view frame_message_json(chatd_frame *frame) {
    if (!frame || !frame->message.marked) return {};
    if (!frame->message.committed_json.empty()) return view(frame->message.committed_json);
    if (frame->message_cache.empty())
        frame->message_cache = pipeline::message_json(*frame, sender(*frame));
    return view(frame->message_cache);
}

chatd_status frame_answer_add(chatd_frame *frame, chatd_str_view json_object) {
    if (!frame) return CHATD_ERR_INVALID;
    auto fields = parse_object(json_object);
    if (!fields) return CHATD_ERR_INVALID;
    if (frame->answer.is_null())
        frame->answer = std::move(*fields);
    else
        frame->answer.update(*fields);
    return CHATD_OK;
}

chatd_status replay_point(chatd_plugin *self, chatd_conn_id conn, chatd_str_view room,
                          uint64_t stored, uint64_t *until) {
    Pipeline *p = on_thread(self);
    if (!p) return CHATD_ERR_STATE;
    if (!until) return CHATD_ERR_INVALID;
    auto point = p->subscriptions().replay_point(conn, sv(room), stored);
    if (!point) return CHATD_ERR_NOT_FOUND;
    *until = *point;
    return CHATD_OK;
}

// ---- access questions ----

chatd_status check_access(chatd_plugin *self, const chatd_access_question *question,
                          int32_t *allowed, char *reason, size_t reason_size) {
    Pipeline *p = on_thread(self);
    if (!p) return CHATD_ERR_STATE;
    if (!question || !allowed || question->struct_size < sizeof(uint32_t)) return CHATD_ERR_INVALID;
    // The asker may know fewer fields than the host; those read as zero.
    chatd_access_question q{};
    std::memcpy(&q, question, std::min<size_t>(question->struct_size, sizeof q));
    q.struct_size = sizeof q;
    if ((q.conn != 0) == (q.request != nullptr) || sv(q.action).empty() || sv(q.room).empty())
        return CHATD_ERR_INVALID;
    // The host says who asks, so no plugin can ask in another's name.
    if (q.conn) {
        const pipeline::Connection *c = p->connection(q.conn);
        if (!c) return CHATD_ERR_NOT_FOUND;
        q.user = view(c->user);
    } else {
        q.user = q.request->user ? view(*q.request->user) : chatd_str_view{};
    }
    if (auto denial = p->ask_access(q)) {
        *allowed = 0;
        if (reason && reason_size) std::snprintf(reason, reason_size, "%s", denial->c_str());
    } else {
        *allowed = 1;
        if (reason && reason_size) reason[0] = '\0';
    }
    return CHATD_OK;
}

// ---- handshakes (network thread, during on_handshake) ----

chatd_conn_id handshake_conn(const chatd_handshake *hs) {
    return hs && hs->upgrade ? hs->upgrade->conn : 0;
}

const chatd_request *handshake_request(const chatd_handshake *hs) {
    return hs ? &hs->request : nullptr;
}

bool valid_http_refusal(uint16_t status) { return status >= 400 && status <= 599; }

chatd_status handshake_refuse(chatd_handshake *hs, uint16_t http_status, chatd_str_view body) {
    if (!hs || !valid_http_refusal(http_status) || sv(body).size() > 1024) return CHATD_ERR_INVALID;
    hs->refuse_status = http_status;
    hs->refuse_body = std::string(sv(body));
    return CHATD_OK;
}

chatd_status handshake_set_user(chatd_handshake *hs, chatd_str_view user) {
    if (!hs || !hs->state || !valid_user(user)) return CHATD_ERR_INVALID;
    hs->state->user = std::string(sv(user));
    return CHATD_OK;
}

chatd_status handshake_add_role(chatd_handshake *hs, chatd_str_view role) {
    if (!hs || !hs->state) return CHATD_ERR_INVALID;
    return add_role(hs->state->roles, role);
}

chatd_status handshake_set_ready(chatd_plugin *self, chatd_handshake *hs) {
    if (!self || !hs || !hs->state) return CHATD_ERR_INVALID;
    if (!pipeline::gates_readiness(self)) return CHATD_ERR_STATE;
    hs->state->opened_gates.push_back(self);
    return CHATD_OK;
}

chatd_status handshake_resume(chatd_plugin *self, chatd_conn_id conn, chatd_handshake_status status,
                              uint16_t http_status, chatd_str_view reason, chatd_str_view user,
                              int32_t ready_gate) {
    if (!self || !self->pipeline) return CHATD_ERR_INVALID;
    if (status != CHATD_HANDSHAKE_ACCEPT && status != CHATD_HANDSHAKE_REFUSE)
        return CHATD_ERR_INVALID;
    if (status == CHATD_HANDSHAKE_REFUSE && !valid_http_refusal(http_status))
        return CHATD_ERR_INVALID;
    // A close reason travels in a control frame: at most 123 bytes.
    if (sv(reason).size() > 123) return CHATD_ERR_INVALID;
    if (!sv(user).empty() && !valid_user(user)) return CHATD_ERR_INVALID;
    pipeline::HandshakeDecision decision;
    decision.plugin = self;
    decision.conn = conn;
    decision.accept = status == CHATD_HANDSHAKE_ACCEPT;
    decision.http_status = http_status;
    decision.reason = std::string(sv(reason));
    decision.user = std::string(sv(user));
    decision.open_gate = ready_gate != 0;
    self->pipeline->resume_handshake(std::move(decision));
    return CHATD_OK;
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
    t.rooms_after = rooms_after;
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
    t.resume_with_reply = resume_with_reply;
    t.resume_committed = resume_committed;
    t.check_subscribed = check_subscribed;
    t.check_role = check_role;
    t.count_members = count_members;
    t.conn_set_ready = conn_set_ready;
    t.conn_is_ready = conn_is_ready;
    t.frame_make_message = frame_make_message;
    t.frame_message = frame_message;
    t.frame_set_extra = frame_set_extra;
    t.frame_commit_message = frame_commit_message;
    t.frame_message_json = frame_message_json;
    t.frame_answer_add = frame_answer_add;
    t.replay_point = replay_point;
    t.check_access = check_access;
    t.user_conns = user_conns;
    t.handshake_conn = handshake_conn;
    t.handshake_request = handshake_request;
    t.handshake_refuse = handshake_refuse;
    t.handshake_set_user = handshake_set_user;
    t.handshake_add_role = handshake_add_role;
    t.handshake_set_ready = handshake_set_ready;
    t.handshake_resume = handshake_resume;
    add_http_functions(t);
    return t;
}

} // namespace

const chatd_host_api *table() {
    static const chatd_host_api t = make_table();
    return &t;
}

} // namespace chatd::host_api
