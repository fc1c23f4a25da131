#pragma once

#include "pipeline/frame.hpp"
#include "pipeline/subscriptions.hpp"
#include "pipeline/timers.hpp"
#include "pipeline/token_bucket.hpp"
#include "transport/inbound.hpp"
#include "transport/transport.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

struct chatd_plugin;

namespace chatd::pipeline {

struct Options {
    double rate_limit_per_second = 50;
    double rate_limit_burst = 100;
    // A paused frame not resumed by then is answered `internal`, so a plugin
    // bug cannot stall its connection forever.
    std::chrono::milliseconds pause_timeout{30000};
};

// A connection as the pipeline sees it.
struct Connection {
    Connection(chatd_conn_id id_, std::string remote_, const Options &o)
        : id(id_), remote(std::move(remote_)), bucket(o.rate_limit_per_second, o.rate_limit_burst) {
    }
    chatd_conn_id id;
    std::string remote;
    std::string user;
    std::vector<std::string> roles;
    std::unordered_map<const chatd_plugin *, void *> plugin_data;
    // Frames wait here while an earlier frame of this connection is paused,
    // so a connection's frames finish in the order they were sent.
    std::deque<std::unique_ptr<chatd_frame>> queue;
    bool paused = false;
    uint64_t pause_timer = 0;
    TokenBucket bucket;
};

// The one pipeline thread: every plugin hook, timer and posted callback runs
// here, serially. The I/O thread feeds it through the Inbound interface; other
// threads reach it only through post() and resume().
class Pipeline final : public transport::Inbound {
public:
    explicit Pipeline(Options options);
    ~Pipeline() override;

    void set_transport(transport::Transport &transport) { transport_ = &transport; }
    // Every active plugin in pipeline order; those with on_frame are stages.
    void set_plugins(std::vector<chatd_plugin *> plugins);
    const std::vector<chatd_plugin *> &plugins() const { return plugins_; }

    void start();
    // Runs fn on the pipeline thread and waits for it.
    void run_sync(const std::function<void()> &fn);
    // Runs what is queued, shuts every plugin down in reverse order, stops.
    void stop();

    // transport::Inbound (I/O thread).
    void on_open(chatd_conn_id conn, std::string remote_address) override;
    void on_message(chatd_conn_id conn, std::string data, bool binary) override;
    void on_close(chatd_conn_id conn) override;

    // Any thread.
    bool post(std::function<void()> fn);
    bool on_pipeline_thread() const { return std::this_thread::get_id() == thread_.get_id(); }
    void resume(chatd_plugin *plugin, chatd_frame_id frame, chatd_stage_status status,
                std::string code, std::string message);

    // Pipeline thread only: the services behind the host API.
    Connection *connection(chatd_conn_id conn);
    Subscriptions &subscriptions() { return subs_; }
    Timers &timers() { return timers_; }
    bool send(chatd_conn_id conn, const std::string &text);
    void publish(std::string_view room, const std::string &text, chatd_conn_id exclude);
    // Sends body to the frame's connection with "type" first and the frame's id after it.
    void reply(const chatd_frame &frame, const OutJson &body);
    void send_error(chatd_conn_id conn, const nlohmann::json &id, std::string_view code,
                    std::string_view message);
    void close(chatd_conn_id conn, uint16_t code, std::string reason);
    void shutdown_plugin(chatd_plugin *plugin);

private:
    void loop();
    void run_event(const std::function<void()> &fn);
    void handle_open(chatd_conn_id conn, std::string remote);
    void handle_message(chatd_conn_id conn, std::string data, bool binary);
    void handle_close(chatd_conn_id conn);
    void handle_resume(chatd_plugin *plugin, chatd_frame_id frame, chatd_stage_status status,
                       std::string code, std::string message);
    // Runs queued frames of a connection until one pauses or none is left.
    void drain(Connection &conn);
    // true if the frame finished, false if a stage paused it.
    bool run_stages(Connection &conn, chatd_frame &frame);
    void finish(Connection &conn, chatd_frame &frame, chatd_plugin *by, chatd_stage_status status);
    void terminal(Connection &conn, chatd_frame &frame);
    void publish_message(Connection &conn, chatd_frame &frame);
    void pause_expired(chatd_conn_id conn, chatd_frame_id frame);

    Options options_;
    transport::Transport *transport_ = nullptr;
    std::vector<chatd_plugin *> plugins_;
    std::vector<chatd_plugin *> stages_;

    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> events_;
    bool stopping_ = false;
    std::atomic<bool> accepting_{true};

    // Pipeline thread only.
    std::unordered_map<chatd_conn_id, std::unique_ptr<Connection>> conns_;
    std::unordered_map<chatd_frame_id, chatd_conn_id> paused_;
    Subscriptions subs_;
    Timers timers_;
    chatd_frame_id next_frame_ = 1;
};

} // namespace chatd::pipeline
