// chatd C++ plugin SDK: a thin, header-only layer over plugin_abi.h.
//
// A plugin is a class constructed from a `const chatd::Host&` (throw to refuse
// loading) with any of these members, found at compile time:
//   void on_open(chatd_conn_id);   void on_ready(chatd_conn_id);
//   void on_close(chatd_conn_id);
//   chatd_handshake_status on_handshake(chatd::Handshake&);  // network thread!
//   chatd::Stage on_frame(chatd::Frame&);  // CHATD_PHASE_HANDLE, every type
//   static const std::array<chatd_stage, N> stages;  // stages in other phases:
//       chatd::stage<&MyPlugin::method>(CHATD_PHASE_..., types, flags)
//   static constexpr uint32_t plugin_flags = CHATD_PLUGIN_GATES_READY;
//   static const std::array<chatd_http_route, N> routes;  // HTTP routes:
//       chatd::route<&MyPlugin::method>("GET", "/api/v1/things/{id}")
//       with void method(chatd::Request&); answer through Host::respond or
//       Host::stream_begin, now or later from any thread
//   void on_http_gone(chatd_http_id);  // a route's client left before the end
//   chatd_handshake_status on_http_request(chatd::IncomingRequest&);  // who
//       sends a route's request (set_user, add_role) or refuse(...)
//   std::optional<std::string> on_access(const chatd::AccessQuestion&);
//       // nullopt: no objection; else the refusal's reason
// and CHATD_PLUGIN(Class, "name", "version", "description", options_ptr,
// option_count, capabilities) exports it (7 arguments; see the macro).
// Every hook runs behind a noexcept trampoline: an exception that escapes is
// logged and, inside a stage, answered with an `internal` error for that frame
// only.
//
// Lifetimes: the Host passed to the constructor lives as long as the plugin
// object, so keep a reference to it. A Frame lives for one stage call. A
// string_view a Frame returns points into the frame and dangles once the
// frame changes (set_string, remove, make_message, ...) or the stage returns.
// set_string stores the raw value given (no JSON escaping is needed).
#pragma once

#include <chatd/plugin_abi.h>

#include <concepts>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace chatd {

inline chatd_str_view view(std::string_view s) noexcept { return {s.data(), s.size()}; }
inline std::string_view view(chatd_str_view s) noexcept {
    return s.data ? std::string_view(s.data, s.size) : std::string_view();
}

namespace detail {

// Jobs posted with Host::run_on_pipeline that have not run yet, per plugin.
// The host drops a posted callback it never runs (one queued as the plugin
// shuts down: a worker thread's last completion), so the SDK frees what it
// allocated for them once the plugin's on_shutdown has run; the host calls
// no callback of the plugin after that.
class PendingJobs {
public:
    using Destroy = void (*)(void *);
    static PendingJobs &of_this_library() {
        static PendingJobs jobs; // one per plugin library: its SDK is its own copy
        return jobs;
    }
    void add(chatd_plugin *self, void *job, Destroy destroy) {
        std::lock_guard lock(mu_);
        jobs_[self][job] = destroy;
    }
    void remove(chatd_plugin *self, void *job) {
        std::lock_guard lock(mu_);
        auto it = jobs_.find(self);
        if (it == jobs_.end()) return;
        it->second.erase(job);
        if (it->second.empty()) jobs_.erase(it);
    }
    void destroy_all(chatd_plugin *self) {
        std::map<void *, Destroy> left;
        {
            std::lock_guard lock(mu_);
            auto it = jobs_.find(self);
            if (it == jobs_.end()) return;
            left.swap(it->second);
            jobs_.erase(it);
        }
        for (const auto &[job, destroy] : left)
            destroy(job);
    }

private:
    std::mutex mu_;
    std::map<chatd_plugin *, std::map<void *, Destroy>> jobs_;
};

} // namespace detail

enum class Stage : chatd_stage_status {
    Continue = CHATD_STAGE_CONTINUE,
    Handled = CHATD_STAGE_HANDLED,
    Reject = CHATD_STAGE_REJECT,
    Pause = CHATD_STAGE_PAUSE,
};

enum class LogLevel : chatd_log_level {
    Trace = CHATD_LOG_TRACE,
    Debug = CHATD_LOG_DEBUG,
    Info = CHATD_LOG_INFO,
    Warn = CHATD_LOG_WARN,
    Error = CHATD_LOG_ERROR,
};

// The host services, bound to this plugin's handle.
class Host {
public:
    Host(chatd_plugin *self, const chatd_host_api *api) noexcept : self_(self), api_(api) {}

    chatd_plugin *self() const noexcept { return self_; }
    const chatd_host_api *api() const noexcept { return api_; }

    void log(LogLevel level, std::string_view msg) const noexcept {
        api_->log(self_, static_cast<chatd_log_level>(level), view(msg));
    }
    void info(std::string_view msg) const noexcept { log(LogLevel::Info, msg); }
    void warn(std::string_view msg) const noexcept { log(LogLevel::Warn, msg); }
    void error(std::string_view msg) const noexcept { log(LogLevel::Error, msg); }

    // Configuration, declared defaults applied. Throws if the key was not declared.
    std::string config_string(const char *key) const {
        chatd_str_view out{};
        check(api_->config_string(self_, key, &out), key);
        return std::string(view(out));
    }
    int64_t config_int(const char *key) const {
        int64_t out = 0;
        check(api_->config_int(self_, key, &out), key);
        return out;
    }
    bool config_bool(const char *key) const {
        int32_t out = 0;
        check(api_->config_bool(self_, key, &out), key);
        return out != 0;
    }
    double config_double(const char *key) const {
        double out = 0;
        check(api_->config_double(self_, key, &out), key);
        return out;
    }
    std::vector<std::string> config_strings(const char *key) const {
        size_t n = 0;
        check(api_->config_array_size(self_, key, &n), key);
        std::vector<std::string> out;
        out.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            chatd_str_view v{};
            check(api_->config_array_string(self_, key, i, &v), key);
            out.emplace_back(view(v));
        }
        return out;
    }

    chatd_status send(chatd_conn_id conn, std::string_view json) const noexcept {
        return api_->send(self_, conn, view(json));
    }
    chatd_status close(chatd_conn_id conn, uint16_t code, std::string_view reason) const noexcept {
        return api_->close(self_, conn, code, view(reason));
    }
    std::string user(chatd_conn_id conn) const {
        chatd_str_view out{};
        if (api_->conn_user(self_, conn, &out) != CHATD_OK) return {};
        return std::string(view(out));
    }
    chatd_status set_user(chatd_conn_id conn, std::string_view name) const noexcept {
        return api_->conn_set_user(self_, conn, view(name));
    }
    bool has_role(chatd_conn_id conn, std::string_view role) const noexcept {
        return api_->conn_has_role(self_, conn, view(role)) != 0;
    }
    chatd_status add_role(chatd_conn_id conn, std::string_view role) const noexcept {
        return api_->conn_add_role(self_, conn, view(role));
    }
    chatd_status remove_role(chatd_conn_id conn, std::string_view role) const noexcept {
        return api_->conn_remove_role(self_, conn, view(role));
    }
    std::vector<std::string> roles(chatd_conn_id conn) const {
        std::vector<std::string> out;
        api_->conn_roles(self_, conn, &collect_string, &out);
        return out;
    }
    std::string remote_address(chatd_conn_id conn) const {
        chatd_str_view out{};
        if (api_->conn_remote_address(self_, conn, &out) != CHATD_OK) return {};
        return std::string(view(out));
    }
    template <class T> T *conn_data(chatd_conn_id conn) const noexcept {
        return static_cast<T *>(api_->conn_data(self_, conn));
    }
    chatd_status set_conn_data(chatd_conn_id conn, void *data) const noexcept {
        return api_->conn_set_data(self_, conn, data);
    }

    chatd_status subscribe(chatd_conn_id conn, std::string_view room) const noexcept {
        return api_->subscribe(self_, conn, view(room));
    }
    chatd_status unsubscribe(chatd_conn_id conn, std::string_view room) const noexcept {
        return api_->unsubscribe(self_, conn, view(room));
    }
    bool is_subscribed(chatd_conn_id conn, std::string_view room) const noexcept {
        return api_->is_subscribed(self_, conn, view(room)) != 0;
    }
    // Where a replay of stored messages to a member ends and its live
    // delivery begins (see replay_point in plugin_abi.h); nullopt if conn
    // is not in the room.
    std::optional<uint64_t> replay_point(chatd_conn_id conn, std::string_view room,
                                         uint64_t stored) const noexcept {
        uint64_t until = 0;
        if (api_->replay_point(self_, conn, view(room), stored, &until) != CHATD_OK)
            return std::nullopt;
        return until;
    }
    size_t room_size(std::string_view room) const noexcept {
        return api_->room_size(self_, view(room));
    }
    // May the connection (or a route's request, Request::handle) do `action`
    // (CHATD_ACTION_* or a plugin's own) in `room`? nullopt if every plugin
    // allows it, else the reason one refused, for the client. A question
    // the host cannot take (an unknown connection, the wrong thread) is
    // refused too.
    std::optional<std::string> check_access(chatd_conn_id conn, std::string_view action,
                                            std::string_view room) const {
        return ask_access(conn, nullptr, action, room);
    }
    std::optional<std::string> check_access(const chatd_request *request, std::string_view action,
                                            std::string_view room) const {
        return ask_access(0, request, action, room);
    }
    std::vector<chatd_conn_id> room_members(std::string_view room) const {
        std::vector<chatd_conn_id> out;
        api_->room_members(self_, view(room), &collect_conn, &out);
        return out;
    }
    // The ready connections of `user` (ASCII case-insensitive), in the order
    // they opened; see user_conns in plugin_abi.h.
    std::vector<chatd_conn_id> user_conns(std::string_view user) const {
        std::vector<chatd_conn_id> out;
        api_->user_conns(self_, view(user), &collect_conn, &out);
        return out;
    }
    std::vector<std::string> conn_rooms(chatd_conn_id conn) const {
        std::vector<std::string> out;
        api_->conn_rooms(self_, conn, &collect_string, &out);
        return out;
    }
    // Every room with its member count, by name; see rooms_after for a page.
    std::vector<std::pair<std::string, size_t>> rooms() const { return rooms_after({}, SIZE_MAX); }
    // Up to `limit` rooms whose names sort after `after`, by name.
    std::vector<std::pair<std::string, size_t>> rooms_after(std::string_view after,
                                                            size_t limit) const {
        std::vector<std::pair<std::string, size_t>> out;
        api_->rooms_after(
            self_, view(after), limit,
            [](void *user, chatd_str_view room, size_t members) {
                static_cast<std::vector<std::pair<std::string, size_t>> *>(user)->emplace_back(
                    std::string(view(room)), members);
            },
            &out);
        return out;
    }
    chatd_status publish(std::string_view room, std::string_view json,
                         chatd_conn_id exclude = 0) const noexcept {
        return api_->publish(self_, view(room), view(json), exclude);
    }

    // Readiness (plugins with CHATD_PLUGIN_GATES_READY).
    chatd_status set_ready(chatd_conn_id conn) const noexcept {
        return api_->conn_set_ready(self_, conn);
    }
    bool is_ready(chatd_conn_id conn) const noexcept {
        int32_t out = 0;
        return api_->conn_is_ready(self_, conn, &out) == CHATD_OK && out != 0;
    }

    // Safe from any thread: send, publish and close above too (from another
    // thread they are queued and report only whether that worked).
    // Finishes a paused frame, answering its connection with `json` (its id added).
    chatd_status resume_with_reply(chatd_frame_id frame, std::string_view json) const noexcept {
        return api_->resume_with_reply(self_, frame, view(json));
    }
    // Runs fn on the pipeline thread, where every host function may be called.
    // An exception fn throws is logged there.
    template <class F> chatd_status run_on_pipeline(F &&fn) const {
        struct Job {
            std::decay_t<F> fn;
            Host host;
        };
        auto *job = new Job{std::forward<F>(fn), *this};
        detail::PendingJobs::of_this_library().add(
            self_, job, [](void *pending) { delete static_cast<Job *>(pending); });
        chatd_status st = api_->post(
            self_,
            [](void *user) {
                std::unique_ptr<Job> owned(static_cast<Job *>(user));
                detail::PendingJobs::of_this_library().remove(owned->host.self(), user);
                try {
                    owned->fn();
                } catch (const std::exception &e) {
                    owned->host.error(std::string("run_on_pipeline job threw: ") + e.what());
                } catch (...) {
                    owned->host.error("run_on_pipeline job threw a non-standard exception");
                }
            },
            job);
        if (st != CHATD_OK) {
            detail::PendingJobs::of_this_library().remove(self_, job);
            delete job;
        }
        return st;
    }
    chatd_status resume(chatd_frame_id frame, Stage status, std::string_view code = {},
                        std::string_view message = {}) const noexcept {
        return api_->resume(self_, frame, static_cast<chatd_stage_status>(status), view(code),
                            view(message));
    }
    // Finishes a room message paused in CHATD_PHASE_COMMIT as committed with
    // seq and ts (e.g. once stored): it carries on, then reaches the room.
    chatd_status resume_committed(chatd_frame_id frame, uint64_t seq,
                                  int64_t ts_ms) const noexcept {
        return api_->resume_committed(self_, frame, seq, ts_ms);
    }
    chatd_status post(void (*callback)(void *), void *user) const noexcept {
        return api_->post(self_, callback, user);
    }
    chatd_timer_id start_timer(uint64_t delay_ms, uint64_t interval_ms,
                               void (*fire)(void *, chatd_timer_id), void *user) const noexcept {
        return api_->timer_start(self_, delay_ms, interval_ms, fire, user);
    }
    chatd_status cancel_timer(chatd_timer_id timer) const noexcept {
        return api_->timer_cancel(self_, timer);
    }

    // Answers to HTTP route requests, from any thread (see http_respond).
    using HttpHeaders = std::vector<std::pair<std::string_view, std::string_view>>;
    chatd_status respond(chatd_http_id request, uint16_t status, const HttpHeaders &headers,
                         std::string_view body) const {
        std::vector<chatd_http_header> h = c_headers(headers);
        return api_->http_respond(self_, request, status, h.data(), h.size(), view(body));
    }
    // A body written in pieces (Server-Sent Events); stream_end finishes it.
    chatd_status stream_begin(chatd_http_id request, uint16_t status,
                              const HttpHeaders &headers) const {
        std::vector<chatd_http_header> h = c_headers(headers);
        return api_->http_stream_begin(self_, request, status, h.data(), h.size());
    }
    // CHATD_ERR_LIMIT: the client fell too far behind and the stream is cut.
    chatd_status stream_write(chatd_http_id request, std::string_view chunk) const noexcept {
        return api_->http_stream_write(self_, request, view(chunk));
    }
    chatd_status stream_end(chatd_http_id request) const noexcept {
        return api_->http_stream_end(self_, request);
    }

private:
    std::optional<std::string> ask_access(chatd_conn_id conn, const chatd_request *request,
                                          std::string_view action, std::string_view room) const {
        chatd_access_question q{};
        q.struct_size = sizeof q;
        q.conn = conn;
        q.request = request;
        q.action = view(action);
        q.room = view(room);
        int32_t allowed = 0;
        char reason[512] = {};
        if (api_->check_access(self_, &q, &allowed, reason, sizeof reason) != CHATD_OK)
            return std::string("access could not be checked");
        if (allowed) return std::nullopt;
        return std::string(reason);
    }
    static std::vector<chatd_http_header> c_headers(const HttpHeaders &headers) {
        std::vector<chatd_http_header> out;
        out.reserve(headers.size());
        for (const auto &[name, value] : headers)
            out.push_back({view(name), view(value)});
        return out;
    }
    static void collect_string(void *user, chatd_str_view s) {
        static_cast<std::vector<std::string> *>(user)->emplace_back(view(s));
    }
    static void collect_conn(void *user, chatd_conn_id conn) {
        static_cast<std::vector<chatd_conn_id> *>(user)->push_back(conn);
    }
    static void check(chatd_status st, const char *key) {
        if (st != CHATD_OK)
            throw std::runtime_error(std::string("config key '") + key +
                                     "' is not declared with that type");
    }

    chatd_plugin *self_;
    const chatd_host_api *api_;
};

// A frame during on_frame.
class Frame {
public:
    Frame(const Host &host, chatd_frame *frame) noexcept : host_(host), frame_(frame) {}

    chatd_frame_id id() const noexcept { return api()->frame_id(frame_); }
    chatd_conn_id conn() const noexcept { return api()->frame_conn(frame_); }
    std::string_view type() const noexcept { return view(api()->frame_type(frame_)); }

    // nullopt when the key is missing or not a string.
    std::optional<std::string_view> get_string(const char *key) const noexcept {
        chatd_str_view out{};
        if (api()->frame_get_string(frame_, key, &out) != CHATD_OK) return std::nullopt;
        return view(out);
    }
    std::optional<int64_t> get_int(const char *key) const noexcept {
        int64_t out = 0;
        if (api()->frame_get_int(frame_, key, &out) != CHATD_OK) return std::nullopt;
        return out;
    }
    // CHATD_OK, CHATD_ERR_NOT_FOUND (absent) or CHATD_ERR_WRONG_TYPE.
    chatd_status lookup_string(const char *key, std::string_view &out) const noexcept {
        chatd_str_view v{};
        chatd_status st = api()->frame_get_string(frame_, key, &v);
        out = view(v);
        return st;
    }
    chatd_status set_string(const char *key, std::string_view value) noexcept {
        return api()->frame_set_string(frame_, key, view(value));
    }
    chatd_status set_int(const char *key, int64_t value) noexcept {
        return api()->frame_set_int(frame_, key, value);
    }
    chatd_status remove(const char *key) noexcept { return api()->frame_remove(frame_, key); }
    std::string_view json() noexcept { return view(api()->frame_json(frame_)); }

    chatd_status reply(std::string_view json) const noexcept {
        return api()->reply(host_.self(), frame_, view(json));
    }
    // Adds the keys of a JSON object to the answer several stages may build
    // (see frame_answer_add in plugin_abi.h).
    chatd_status answer_add(std::string_view json_object) noexcept {
        return api()->frame_answer_add(frame_, view(json_object));
    }
    // Set the error and return Stage::Reject, so a stage can `return frame.reject(...)`.
    Stage reject(std::string_view code, std::string_view message) noexcept {
        api()->frame_set_error(frame_, view(code), view(message));
        return Stage::Reject;
    }

    // Room messages (see frame_make_message in plugin_abi.h).
    chatd_status make_message(std::string_view room) noexcept {
        return api()->frame_make_message(frame_, view(room));
    }
    // nullopt unless the frame is a room message.
    std::optional<chatd_message> message() const noexcept {
        chatd_message m{};
        m.struct_size = sizeof m;
        if (api()->frame_message(frame_, &m) != CHATD_OK) return std::nullopt;
        return m;
    }
    chatd_status set_extra(const char *key, std::string_view json) noexcept {
        return api()->frame_set_extra(frame_, key, view(json));
    }
    chatd_status commit_message(uint64_t seq, int64_t ts_ms) noexcept {
        return api()->frame_commit_message(frame_, seq, ts_ms);
    }
    std::string_view message_json() noexcept { return view(api()->frame_message_json(frame_)); }

    chatd_frame *handle() const noexcept { return frame_; }

private:
    const chatd_host_api *api() const noexcept { return host_.api(); }
    const Host &host_;
    chatd_frame *frame_;
};

// An HTTP request: an upgrade's (Handshake::request) or a route's. It and the
// views it returns are valid during the hook that got it.
class Request {
public:
    Request(const chatd_host_api *api, const chatd_request *request) noexcept
        : api_(api), request_(request) {
        view_.struct_size = sizeof view_;
        api_->request_view(request_, &view_);
    }

    // A route's request: what Host::respond and Host::stream_begin answer.
    chatd_http_id id() const noexcept { return view_.id; }
    std::string_view method() const noexcept { return view(view_.method); }
    std::string_view path() const noexcept { return view(view_.path); } // decoded
    std::string_view query_string() const noexcept { return view(view_.query); }
    std::string_view remote_address() const noexcept { return view(view_.remote_address); }
    bool tls() const noexcept { return view_.tls != 0; }
    std::string_view body() const noexcept { return view(view_.body); }

    std::optional<std::string_view> header(const char *name) const noexcept {
        return lookup(api_->request_header, name);
    }
    std::optional<std::string_view> query(const char *key) const noexcept {
        return lookup(api_->request_query, key);
    }
    std::optional<std::string_view> cookie(const char *name) const noexcept {
        return lookup(api_->request_cookie, name);
    }
    // A route pattern's {name} segment.
    std::optional<std::string_view> param(const char *name) const noexcept {
        return lookup(api_->request_param, name);
    }
    // Who sent a route's request, as the plugins' on_http_request said;
    // nullopt for an anonymous one.
    std::optional<std::string_view> user() const noexcept {
        chatd_str_view v{};
        if (api_->request_user(request_, &v) != CHATD_OK) return std::nullopt;
        return chatd::view(v);
    }
    bool has_role(std::string_view role) const noexcept {
        int32_t out = 0;
        return api_->request_has_role(request_, chatd::view(role), &out) == CHATD_OK && out;
    }
    const chatd_request *handle() const noexcept { return request_; }

private:
    using Getter = chatd_status (*)(const chatd_request *, const char *, chatd_str_view *);
    std::optional<std::string_view> lookup(Getter get, const char *key) const noexcept {
        chatd_str_view v{};
        if (get(request_, key, &v) != CHATD_OK) return std::nullopt;
        return chatd::view(v);
    }
    static std::string_view view(chatd_str_view v) noexcept { return chatd::view(v); }

    const chatd_host_api *api_;
    const chatd_request *request_;
    chatd_request_view view_{};
};

// A route's request before its handler, during on_http_request: who sends it.
class IncomingRequest : public Request {
public:
    IncomingRequest(const chatd_host_api *api, chatd_request *request) noexcept
        : Request(api, request), api_(api), request_(request) {}

    chatd_status set_user(std::string_view user) noexcept {
        return api_->request_set_user(request_, chatd::view(user));
    }
    chatd_status add_role(std::string_view role) noexcept {
        return api_->request_add_role(request_, chatd::view(role));
    }
    // Sets the answer (a JSON error with `code` and `message`) and returns
    // CHATD_HANDSHAKE_REFUSE, for `return request.refuse(...)`.
    chatd_handshake_status refuse(uint16_t http_status, std::string_view code,
                                  std::string_view message) noexcept {
        api_->request_refuse(request_, http_status, chatd::view(code), chatd::view(message));
        return CHATD_HANDSHAKE_REFUSE;
    }

private:
    const chatd_host_api *api_;
    chatd_request *request_;
};

// A question on_access answers: may the connection, or a route's request,
// do action in room?
class AccessQuestion {
public:
    AccessQuestion(const Host &host, const chatd_access_question &q) noexcept
        : host_(host), q_(q) {}

    chatd_conn_id conn() const noexcept { return q_.conn; } // 0 for a request
    const chatd_request *request() const noexcept { return q_.request; }
    std::string_view action() const noexcept { return chatd::view(q_.action); }
    std::string_view room() const noexcept { return chatd::view(q_.room); }
    // Empty for an anonymous HTTP request.
    std::string_view user() const noexcept { return chatd::view(q_.user); }
    bool has_role(std::string_view role) const noexcept {
        if (q_.request) return Request(host_.api(), q_.request).has_role(role);
        return host_.has_role(q_.conn, role);
    }

private:
    const Host &host_;
    const chatd_access_question &q_;
};

// An upgrade request during on_handshake, which runs on a network thread:
// only these calls and Host's any-thread functions may be used there.
class Handshake {
public:
    Handshake(const Host &host, chatd_handshake *hs) noexcept : host_(host), hs_(hs) {}

    // The id the connection will have once upgraded.
    chatd_conn_id conn() const noexcept { return api()->handshake_conn(hs_); }
    Request request() const noexcept { return Request(api(), api()->handshake_request(hs_)); }
    chatd_status set_user(std::string_view user) noexcept {
        return api()->handshake_set_user(hs_, view(user));
    }
    chatd_status add_role(std::string_view role) noexcept {
        return api()->handshake_add_role(hs_, view(role));
    }
    // For a plugin that gates readiness: the connection opens ready for it.
    chatd_status set_ready() noexcept { return api()->handshake_set_ready(host_.self(), hs_); }
    // Sets the answer and returns CHATD_HANDSHAKE_REFUSE, for `return hs.refuse(...)`.
    chatd_handshake_status refuse(uint16_t http_status, std::string_view body) noexcept {
        api()->handshake_refuse(hs_, http_status, view(body));
        return CHATD_HANDSHAKE_REFUSE;
    }

private:
    const chatd_host_api *api() const noexcept { return host_.api(); }
    const Host &host_;
    chatd_handshake *hs_;
};

namespace detail {

template <class P> struct Instance {
    Host host;
    P plugin;
    Instance(chatd_plugin *self, const chatd_host_api *api) : host(self, api), plugin(host) {}
};

inline void copy_error(char *buf, size_t size, const char *msg) noexcept {
    if (buf && size) std::snprintf(buf, size, "%s", msg);
}

template <class P> constexpr bool has_on_open = requires(P &p, chatd_conn_id c) { p.on_open(c); };
template <class P> constexpr bool has_on_ready = requires(P &p, chatd_conn_id c) { p.on_ready(c); };
template <class P> constexpr bool has_stages = requires { std::size(P::stages); };
template <class P> constexpr bool has_on_handshake = requires(P &p, Handshake &h) {
    p.on_handshake(h);
};
template <class P> constexpr bool has_plugin_flags = requires { uint32_t(P::plugin_flags); };
template <class P> constexpr bool has_routes = requires { std::size(P::routes); };
template <class P> constexpr bool has_on_http_gone = requires(P &p, chatd_http_id id) {
    p.on_http_gone(id);
};
template <class P> constexpr bool has_on_http_request = requires(P &p, IncomingRequest &r) {
    p.on_http_request(r);
};
template <class P> constexpr bool has_on_access = requires(P &p, const AccessQuestion &q) {
    { p.on_access(q) } -> std::same_as<std::optional<std::string>>;
};
template <class P> constexpr bool has_on_close = requires(P &p, chatd_conn_id c) { p.on_close(c); };
template <class P> constexpr bool has_on_frame = requires(P &p, Frame &f) { p.on_frame(f); };

template <class P> struct Trampolines {
    static int32_t on_init(chatd_plugin *self, const chatd_host_api *api, void **state, char *error,
                           size_t error_size) noexcept {
        try {
            auto inst = std::make_unique<Instance<P>>(self, api);
            if constexpr (has_routes<P>) {
                for (const chatd_http_route &declared : P::routes) {
                    chatd_http_route r = declared;
                    r.user = inst.get();
                    if constexpr (has_on_http_gone<P>) r.on_gone = &on_http_gone;
                    if (api->http_route(self, &r) != CHATD_OK)
                        throw std::runtime_error(std::string("route ") + r.method + " " +
                                                 r.pattern + " refused (see the log)");
                }
            }
            *state = inst.release();
            return 0;
        } catch (const std::exception &e) {
            copy_error(error, error_size, e.what());
        } catch (...) {
            copy_error(error, error_size, "unknown exception");
        }
        // The instance is gone, and the host runs nothing of a plugin that failed to start.
        detail::PendingJobs::of_this_library().destroy_all(self);
        return 1;
    }
    static void on_shutdown(void *state) noexcept {
        auto *inst = static_cast<Instance<P> *>(state);
        chatd_plugin *self = inst->host.self();
        delete inst; // its worker threads are joined: nothing posts any more
        detail::PendingJobs::of_this_library().destroy_all(self);
    }

    static void on_open(void *state, chatd_conn_id conn) noexcept {
        auto *inst = static_cast<Instance<P> *>(state);
        if constexpr (has_on_open<P>) {
            guard(inst->host, "on_open", [&] { inst->plugin.on_open(conn); });
        }
    }
    static void on_close(void *state, chatd_conn_id conn) noexcept {
        auto *inst = static_cast<Instance<P> *>(state);
        if constexpr (has_on_close<P>) {
            guard(inst->host, "on_close", [&] { inst->plugin.on_close(conn); });
        }
    }
    static chatd_handshake_status on_handshake(void *state, chatd_handshake *hs) noexcept {
        auto *inst = static_cast<Instance<P> *>(state);
        Handshake h(inst->host, hs);
        // A hook that throws refuses: letting in what could not be checked is worse.
        chatd_handshake_status result = CHATD_HANDSHAKE_REFUSE;
        if constexpr (has_on_handshake<P>) {
            if (!guard(inst->host, "on_handshake", [&] { result = inst->plugin.on_handshake(h); }))
                return h.refuse(500, "internal error");
        }
        return result;
    }
    static chatd_handshake_status on_http_request(void *state, chatd_request *request) noexcept {
        auto *inst = static_cast<Instance<P> *>(state);
        IncomingRequest r(inst->host.api(), request);
        // As for handshakes: a hook that throws refuses.
        chatd_handshake_status result = CHATD_HANDSHAKE_REFUSE;
        if constexpr (has_on_http_request<P>) {
            if (!guard(inst->host, "on_http_request",
                       [&] { result = inst->plugin.on_http_request(r); }))
                return r.refuse(500, "internal", "internal error");
        }
        return result;
    }
    static chatd_access on_access(void *state, const chatd_access_question *question, char *reason,
                                  size_t reason_size) noexcept {
        auto *inst = static_cast<Instance<P> *>(state);
        std::optional<std::string> denial = std::string("internal error");
        if constexpr (has_on_access<P>) {
            AccessQuestion q(inst->host, *question);
            guard(inst->host, "on_access", [&] { denial = inst->plugin.on_access(q); });
        }
        if (!denial) return CHATD_ACCESS_ALLOW;
        copy_error(reason, reason_size, denial->c_str());
        return CHATD_ACCESS_DENY;
    }
    static void on_http_gone(void *state, chatd_http_id request) noexcept {
        auto *inst = static_cast<Instance<P> *>(state);
        if constexpr (has_on_http_gone<P>) {
            guard(inst->host, "on_http_gone", [&] { inst->plugin.on_http_gone(request); });
        }
    }
    static void on_ready(void *state, chatd_conn_id conn) noexcept {
        auto *inst = static_cast<Instance<P> *>(state);
        if constexpr (has_on_ready<P>) {
            guard(inst->host, "on_ready", [&] { inst->plugin.on_ready(conn); });
        }
    }
    // Runs one stage method behind the guard.
    template <class Call>
    static chatd_stage_status run_stage(void *state, chatd_frame *frame, const char *hook,
                                        Call &&call) noexcept {
        auto *inst = static_cast<Instance<P> *>(state);
        Frame f(inst->host, frame);
        Stage result = Stage::Reject;
        bool ok = guard(inst->host, hook, [&] { result = call(inst->plugin, f); });
        if (!ok) return static_cast<chatd_stage_status>(f.reject("internal", "internal error"));
        return static_cast<chatd_stage_status>(result);
    }
    static chatd_stage_status on_frame(void *state, chatd_frame *frame) noexcept {
        if constexpr (has_on_frame<P>) {
            return run_stage(state, frame, "on_frame",
                             [](P &p, Frame &f) { return p.on_frame(f); });
        }
        return CHATD_STAGE_CONTINUE;
    }

    template <class F> static bool guard(const Host &host, const char *hook, F &&fn) noexcept {
        try {
            fn();
            return true;
        } catch (const std::exception &e) {
            host.error(std::string(hook) + " threw: " + e.what());
        } catch (...) {
            host.error(std::string(hook) + " threw a non-standard exception");
        }
        return false;
    }
};

template <class P>
chatd_plugin_descriptor make_descriptor(const char *name, const char *version,
                                        const char *description, const chatd_config_option *options,
                                        uint32_t option_count,
                                        const char *const *capabilities) noexcept {
    chatd_plugin_descriptor d{};
    d.struct_size = sizeof(chatd_plugin_descriptor);
    d.abi_major = CHATD_ABI_MAJOR;
    d.abi_minor = CHATD_ABI_MINOR;
    d.host_api_size = sizeof(chatd_host_api);
    d.name = name;
    d.version = version;
    d.description = description;
    d.required_capabilities = capabilities;
    d.config_options = options;
    d.config_option_count = option_count;
    d.on_init = &Trampolines<P>::on_init;
    d.on_shutdown = &Trampolines<P>::on_shutdown;
    d.on_open = has_on_open<P> ? &Trampolines<P>::on_open : nullptr;
    d.on_close = has_on_close<P> ? &Trampolines<P>::on_close : nullptr;
    d.on_frame = has_on_frame<P> ? &Trampolines<P>::on_frame : nullptr;
    if constexpr (has_stages<P>) {
        d.stages = std::data(P::stages);
        d.stage_count = static_cast<uint32_t>(std::size(P::stages));
    }
    if constexpr (has_plugin_flags<P>) d.flags = P::plugin_flags;
    d.on_ready = has_on_ready<P> ? &Trampolines<P>::on_ready : nullptr;
    d.on_handshake = has_on_handshake<P> ? &Trampolines<P>::on_handshake : nullptr;
    d.on_http_request = has_on_http_request<P> ? &Trampolines<P>::on_http_request : nullptr;
    d.on_access = has_on_access<P> ? &Trampolines<P>::on_access : nullptr;
    return d;
}

template <class M> struct stage_method;
template <class C> struct stage_method<Stage (C::*)(Frame &)> { using plugin = C; };

template <auto Method>
chatd_stage_status stage_trampoline(void *state, chatd_frame *frame) noexcept {
    using P = typename stage_method<decltype(Method)>::plugin;
    return Trampolines<P>::run_stage(state, frame, "a stage",
                                     [](P &p, Frame &f) { return (p.*Method)(f); });
}

template <class M> struct route_method;
template <class C> struct route_method<void (C::*)(Request &)> { using plugin = C; };

template <auto Method> void route_trampoline(void *user, chatd_request *request) noexcept {
    using P = typename route_method<decltype(Method)>::plugin;
    auto *inst = static_cast<Instance<P> *>(user);
    Request r(inst->host.api(), request);
    if (!Trampolines<P>::guard(inst->host, "an HTTP route", [&] { (inst->plugin.*Method)(r); }))
        inst->host.respond(r.id(), 500, {{"content-type", "text/plain"}}, "internal error\n");
}

} // namespace detail

// One entry of a plugin's `routes`: member function Method (void (P::*)(Request&))
// answers `method` requests for `pattern` (see chatd_http_route). `headers` is
// a NULL-terminated list of the non-standard request headers it reads.
template <auto Method>
constexpr chatd_http_route route(const char *method, const char *pattern,
                                 const char *const *headers = nullptr) noexcept {
    return {sizeof(chatd_http_route),          method,  pattern, headers,
            &detail::route_trampoline<Method>, nullptr, nullptr};
}

// One entry of a plugin's `stages`: member function Method (Stage (P::*)(Frame&))
// runs in `phase` for the NULL-terminated `types` (nullptr: every type).
template <auto Method>
constexpr chatd_stage stage(chatd_phase phase, const char *const *types = nullptr,
                            uint32_t flags = 0) noexcept {
    return {sizeof(chatd_stage), phase, types, flags, &detail::stage_trampoline<Method>};
}

// Option builders for the declared configuration table.
constexpr chatd_config_option string_option(const char *name, const char *def,
                                            const char *help) noexcept {
    return {sizeof(chatd_config_option), CHATD_CONFIG_STRING, name, help, def, 0, 0.0, 0, 0};
}
constexpr chatd_config_option int_option(const char *name, int64_t def, int64_t min, int64_t max,
                                         const char *help) noexcept {
    return {sizeof(chatd_config_option), CHATD_CONFIG_INT, name, help, nullptr, def, 0.0, min, max};
}
constexpr chatd_config_option bool_option(const char *name, bool def, const char *help) noexcept {
    return {sizeof(chatd_config_option),
            CHATD_CONFIG_BOOL,
            name,
            help,
            nullptr,
            def ? 1 : 0,
            0.0,
            0,
            0};
}
constexpr chatd_config_option double_option(const char *name, double def,
                                            const char *help) noexcept {
    return {sizeof(chatd_config_option), CHATD_CONFIG_DOUBLE, name, help, nullptr, 0, def, 0, 0};
}
// A file or directory; the host serves it absolute, relative ones taken from the config file's
// directory. Read it with Host::config_string.
constexpr chatd_config_option path_option(const char *name, const char *def,
                                          const char *help) noexcept {
    return {sizeof(chatd_config_option), CHATD_CONFIG_PATH, name, help, def, 0, 0.0, 0, 0};
}
constexpr chatd_config_option strings_option(const char *name, const char *help) noexcept {
    return {
        sizeof(chatd_config_option), CHATD_CONFIG_STRING_ARRAY, name, help, nullptr, 0, 0.0, 0, 0};
}

} // namespace chatd

// Exports plugin class P. OPTIONS_PTR points at OPTION_COUNT chatd_config_option
// (nullptr, 0 for none); CAPS is a NULL-terminated capability list or nullptr.
// The descriptor is returned whatever the host's version: the host, not the
// plugin, decides compatibility, so its refusal can name both versions.
#define CHATD_PLUGIN(P, NAME, VERSION, DESCRIPTION, OPTIONS_PTR, OPTION_COUNT, CAPS)               \
    CHATD_EXTERN_C CHATD_EXPORT const chatd_plugin_descriptor *chatd_plugin_entry(                 \
        uint16_t host_abi_major, uint16_t host_abi_minor) {                                        \
        (void)host_abi_major;                                                                      \
        (void)host_abi_minor;                                                                      \
        static const chatd_plugin_descriptor descriptor = ::chatd::detail::make_descriptor<P>(     \
            NAME, VERSION, DESCRIPTION, OPTIONS_PTR, OPTION_COUNT, CAPS);                          \
        return &descriptor;                                                                        \
    }
