// The fake host's insides, shared by the FakeHost methods and the C function
// table handed to the plugin. Not part of the test-facing interface.
#pragma once

#include "fake_host.hpp"
#include "manual_timers.hpp"
#include "plugin_config.hpp"

#include <nlohmann/json.hpp>

#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatd::fake::detail {

// ordered_json so frame_json and the outboxes keep the order keys were written in.
using Json = nlohmann::ordered_json;

enum class Phase {
    Open,
    Closing, // inside on_close: readable, but sends are dropped
    Closed,  // gone: every host function answers NOT_FOUND
};

struct Connection {
    std::string user;
    std::vector<std::string> roles;
    std::string remote_address = "127.0.0.1";
    void *data = nullptr;
    std::vector<std::string> rooms; // in the order subscribed
    std::vector<std::string> outbox;
    std::optional<CloseRequest> close_request;
    Phase phase = Phase::Open;
};

struct Room {
    std::string name;
    std::vector<chatd_conn_id> members; // in the order subscribed
};

struct Frame {
    chatd_frame_id id;
    chatd_conn_id conn;
    Json body;
    std::string json; // what frame_json last returned a view of
    std::optional<std::pair<std::string, std::string>> error;
};

struct Paused {
    chatd_conn_id conn;
    Json request_id; // null when the request had none
};

struct State {
    chatd_host_api api{};
    chatd_plugin_descriptor descriptor{};
    void *plugin_state = nullptr;
    bool running = false;
    PluginConfig config;
    ManualTimers timers;
    std::size_t timers_left_at_shutdown = 0;

    std::map<chatd_conn_id, Connection> conns;
    chatd_conn_id next_conn = 1;
    std::vector<Room> rooms; // in the order created, deliberately not sorted
    chatd_frame_id next_frame = 1;
    std::optional<Json> last_frame;

    // What other threads may touch (log, post, resume), behind `mutex`.
    mutable std::mutex mutex;
    bool accepting_posts = false;
    std::vector<LogLine> logs;
    std::deque<std::function<void()>> queue; // posts and resumes, in call order
    std::map<chatd_frame_id, Paused> paused;
    std::vector<Resumed> resumed;

    chatd_plugin *handle() { return reinterpret_cast<chatd_plugin *>(this); }
    static State &of(chatd_plugin *self) { return *reinterpret_cast<State *>(self); }

    // Open or closing: the connection's data is still readable.
    Connection *readable(chatd_conn_id conn);
    Connection *open(chatd_conn_id conn);
    Room *room(std::string_view name);

    // Queues json on the connection unless it is closing or asked to close.
    void deliver(chatd_conn_id conn, std::string json);
    void send_error(chatd_conn_id conn, const Json &request_id, const std::string &code,
                    const std::string &message);
    // The error frame for a rejected frame, with the host's defaults for an
    // unset code or message.
    void send_rejection(chatd_conn_id conn, const Json &request_id, const std::string &code,
                        const std::string &message);
    // Finishes a paused frame on the pipeline thread; only a rejection is
    // visible, as there are no later stages or terminal here.
    void apply(const Resumed &outcome);
    chatd_status unsubscribe(chatd_conn_id conn, std::string_view room);
};

// `object` with "id" added right after "type", as the host writes replies;
// unchanged when id is null.
Json with_id(const Json &object, const Json &id);

// The chatd_host_api table whose functions act on the State behind `self`.
chatd_host_api make_host_api();

// Parses what a plugin hands the host: a JSON object or nothing.
std::optional<Json> parse_object(chatd_str_view json);

inline std::string_view as_string_view(chatd_str_view v) {
    return v.data ? std::string_view(v.data, v.size) : std::string_view();
}

} // namespace chatd::fake::detail
