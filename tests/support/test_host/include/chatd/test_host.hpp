// One chatd host for plugin unit tests: the real pipeline thread, host API
// table, loader and config validation, with a transport that records what it
// would send and a clock that moves only when the test says so.
//
// A plugin meets here exactly what it meets in chatd: the loader's ABI checks,
// its [plugins.<name>] table checked by chatd's config code, every hook run on
// the pipeline thread, the host's own frames (hello, delivered room messages,
// acks, pong, errors), and the thread checks: a host function that is
// pipeline-thread only fails with CHATD_ERR_STATE when the test calls it
// directly, so call it inside on_pipeline().
//
// This header needs only the plugin ABI, the standard library and
// nlohmann/json, so it ships with the plugin SDK: an author's tests link
// chatd::test_host from find_package(chatd COMPONENTS test_host).
#pragma once

#include <chatd/plugin_abi.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chatd::test {

struct LogLine {
    chatd_log_level level;
    std::string message; // as chatd logs it: a plugin's lines start "[<name>] "
};

struct CloseRequest {
    uint16_t code;
    std::string reason;
};

// An upgrade request refused before it became a connection.
struct HttpRefusal {
    unsigned status;
    std::string body;
};

// How an HTTP request to a plugin's route has been answered so far.
struct HttpAnswer {
    unsigned status = 0;                                      // 0 until the plugin answers
    std::vector<std::pair<std::string, std::string>> headers; // as the plugin gave them
    std::string body; // a stream's: every piece written so far
    bool streaming = false;
    bool complete = false; // responded, or the stream ended
};

class TestHost {
public:
    TestHost();
    // shutdown(), then unloads the plugins.
    ~TestHost();
    TestHost(const TestHost &) = delete;
    TestHost &operator=(const TestHost &) = delete;

    // [plugins.<name>] values for the next load(), which uses them up. They are
    // written out as TOML and read by chatd's config loader against the options
    // the plugin declares, so a bad one refuses the plugin with chatd's own
    // "file:line:column: ..." message. The file is read as if it stood in a
    // temporary directory of this host's own, removed with it: a relative path
    // option (a database, the default one too) lands there, apart from every
    // other host's.
    void set_config_string(const std::string &key, std::string value);
    void set_config_int(const std::string &key, int64_t value);
    void set_config_bool(const std::string &key, bool value);
    void set_config_double(const std::string &key, double value);
    void set_config_strings(const std::string &key, std::vector<std::string> value);

    // Loads a plugin as chatd does (ABI checks, config, then on_init on the
    // pipeline thread) and appends it to the pipeline order. Returns "" once it
    // runs, or why chatd would refuse it. Load every plugin before connect().
    std::string load(const std::string &library_path);
    // The same for a plugin linked into the test, named by its entry point.
    std::string load(chatd_plugin_entry_fn entry);
    // Closes every connection and shuts the plugins down in reverse order, as
    // chatd does when it stops. Nothing but reading outboxes and logs works
    // after it.
    void shutdown();

    // Opens a connection as the network does, after an upgrade request for
    // "/chat" with no query or headers; ids count up from 1. Returns once
    // on_open and on_ready have run: the host's hello and whatever the plugins
    // sent wait in its outbox. Throws std::runtime_error if a plugin's
    // on_handshake refuses it (upgrade() tells why).
    chatd_conn_id connect(const std::string &remote_address = "127.0.0.1");
    // A WebSocket upgrade request as the network hands it to the plugins'
    // on_handshake hooks: `target` is the path with an optional
    // percent-encoded "?query", header names are matched case-insensitively.
    // Accepted (or paused), the connection opens as in connect() and its id is
    // returned; refused, the HTTP answer the client would get.
    std::variant<chatd_conn_id, HttpRefusal>
    upgrade(std::string_view target, std::vector<std::pair<std::string, std::string>> headers = {},
            const std::string &remote_address = "127.0.0.1");
    // The network reports the connection gone (also what finishes a close
    // request: this host never closes a connection by itself).
    void disconnect(chatd_conn_id conn);

    // Sends a client text frame (JSON or plain text) and waits until the
    // pipeline has run it. Returns what conn received since its outbox was
    // last read (take, run_frame, clear_outboxes): the answer to this frame
    // when the test keeps up.
    std::vector<nlohmann::json> run_frame(chatd_conn_id conn, std::string_view text);
    // Waits until the pipeline thread has run everything queued so far, e.g.
    // what a resume from another thread queued.
    void settle();

    // The frames sent to conn that the test has not read yet, oldest first.
    std::vector<nlohmann::json> received(chatd_conn_id conn) const;
    // received(), marking them read.
    std::vector<nlohmann::json> take(chatd_conn_id conn);
    // Marks every frame sent so far read.
    void clear_outboxes();
    // The last close the host asked the network for, if any.
    std::optional<CloseRequest> close_request(chatd_conn_id conn) const;

    // An HTTP request to the plugins' routes, as the network hands it over:
    // `target` is the percent-encoded path with an optional "?query"; header
    // names are matched case-insensitively. Waits until the pipeline has run
    // the route's handler (404 and 405 are answered at once) and returns the
    // request's id.
    uint64_t http_request(std::string_view method, std::string_view target, std::string body = {},
                          std::vector<std::pair<std::string, std::string>> headers = {});
    // What the request has been answered so far: an answer from another thread
    // shows once it is made (settle() waits for what it queued).
    HttpAnswer http_answer(uint64_t id) const;
    // The client leaves before its answer is complete; the plugin hears of it
    // in its route's on_gone.
    void http_client_left(uint64_t id);

    // Moves the manual clock forward, firing every due timer in time order as
    // an idle chatd would (a 1 s repeating timer fires 3 times in
    // advance(3000)). Rate limits refill on this clock too.
    void advance(uint64_t ms);

    // Every line chatd logged while this host existed, at every level. The log
    // is process-wide: another host alive at the same time adds its lines.
    std::vector<LogLine> logs() const;

    // The host API table plugins get, and the handle of a running plugin (by
    // name; empty: the last one loaded) to call it with, as a plugin would.
    const chatd_host_api &api() const;
    chatd_plugin *plugin(std::string_view name = {}) const;
    // Runs fn on the pipeline thread and waits; an exception it throws comes
    // back here.
    void on_pipeline(const std::function<void()> &fn);
    // Sets the connection's user name through the host API.
    void set_user(chatd_conn_id conn, std::string_view user);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace chatd::test
