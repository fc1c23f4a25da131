// An in-memory chatd host for unit-testing one plugin without the server.
//
// It implements the whole chatd_host_api table the way plugin_abi.h describes
// it, on the test's thread: connections with users, roles, data and
// subscriptions; publish and send append to per-connection outboxes; frames
// come from JSON strings; `post` and `resume` queue work for run_posted();
// timers run on a manual clock that only advance() moves. Only log, post and
// resume may be called from other threads, as with the real host.
//
// It hosts the plugin, not the protocol: the host's own frames (hello, and
// what its terminal sends after the last stage: message, ack, pong,
// unknown_type) are not produced, so outboxes hold only what the plugin
// caused. Status codes, name checks and reply layout follow the real host
// (host/host_api), so a plugin that passes here meets the same answers there.
#pragma once

#include <chatd/plugin_abi.h>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::fake {

namespace detail {
struct State;
struct Connection;
} // namespace detail

struct LogLine {
    chatd_log_level level;
    std::string message;
};

struct CloseRequest {
    uint16_t code;
    std::string reason;
};

struct Resumed {
    chatd_frame_id frame;
    chatd_stage_status status;
    std::string code;
    std::string message;
};

class FakeHost {
public:
    FakeHost();
    // Closes every open connection and shuts the plugin down.
    ~FakeHost();
    FakeHost(const FakeHost &) = delete;
    FakeHost &operator=(const FakeHost &) = delete;

    // [plugins.<name>] values, set before load(); checked against the
    // plugin's declared options at load as the host checks its config file.
    void set_config_string(const std::string &key, std::string value);
    void set_config_int(const std::string &key, int64_t value);
    void set_config_bool(const std::string &key, bool value);
    void set_config_double(const std::string &key, double value);
    void set_config_strings(const std::string &key, std::vector<std::string> value);

    // Loads and initialises the plugin, from a built .so (dlopen, as the
    // server does) or from an entry function linked into the test. Returns
    // why it was refused (version, name, config or on_init's own reason), or
    // "" when it is running.
    std::string load(const std::string &library_path);
    std::string load(chatd_plugin_entry_fn entry);
    // Closes every open connection (on_close for each), then on_shutdown.
    void shutdown();

    // A new connection named guest-<id> (or `user`), announced with on_open.
    chatd_conn_id connect();
    chatd_conn_id connect(const std::string &user);
    // on_close, then the host drops the connection's subscriptions.
    void disconnect(chatd_conn_id conn);
    void set_remote_address(chatd_conn_id conn, const std::string &address);

    // Runs the plugin's stage on a client frame (a JSON object with a string
    // "type"; anything else throws, since the host answers those itself).
    // REJECT puts the error frame in the connection's outbox as the host
    // would; PAUSE keeps the frame for resume(). The host's terminal is not
    // emulated: after CONTINUE, last_frame() shows what it would receive.
    chatd_stage_status run_frame(chatd_conn_id conn, std::string_view json);
    // The last frame run, as the stage left it.
    nlohmann::json last_frame() const;

    // Runs posted callbacks and resumes on this (the pipeline) thread, in the
    // order they came, including any queued while running.
    void run_posted();
    // Moves the manual clock, firing each due occurrence in time order as an
    // idle host would (a 1 s timer fires three times in advance(3000)).
    void advance(uint64_t ms);
    uint64_t now_ms() const;
    std::size_t active_timers() const;
    // How many timers the plugin left running when on_shutdown returned.
    std::size_t timers_left_at_shutdown() const;

    // Every JSON text queued to the connection, oldest first.
    const std::vector<std::string> &outbox(chatd_conn_id conn) const;
    std::vector<nlohmann::json> received(chatd_conn_id conn) const;
    // received(), then empties that outbox: what arrived since the last take.
    std::vector<nlohmann::json> take(chatd_conn_id conn);
    void clear_outboxes();
    std::optional<CloseRequest> close_request(chatd_conn_id conn) const;
    std::vector<LogLine> logs() const;
    std::vector<Resumed> resumed() const;

    // The table and handle the plugin got, so a test can act as another
    // plugin would (e.g. unsubscribe a connection behind the plugin's back).
    const chatd_host_api &api() const;
    chatd_plugin *plugin();

private:
    detail::Connection &connection(chatd_conn_id conn) const;

    std::unique_ptr<detail::State> state_;
    void *library_ = nullptr;
};

} // namespace chatd::fake
