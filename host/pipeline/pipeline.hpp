#pragma once

#include "pipeline/connection.hpp"
#include "pipeline/event_queue.hpp"
#include "pipeline/frame.hpp"
#include "pipeline/http_routes.hpp"
#include "pipeline/stage_table.hpp"
#include "pipeline/subscriptions.hpp"
#include "pipeline/timers.hpp"
#include "pipeline/user_index.hpp"
#include "transport/handshake.hpp"
#include "transport/inbound.hpp"
#include "transport/transport.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

struct chatd_plugin;

namespace chatd::pipeline {

struct Options {
    double rate_limit_per_second = 50;
    double rate_limit_burst = 100;
    // Every whole this many bytes of an answer to a frame costs its
    // connection one more rate-limit token.
    size_t reply_cost_bytes = 16384;
    // A paused frame not resumed by then is answered `internal`, so a plugin
    // bug cannot stall its connection forever.
    std::chrono::milliseconds pause_timeout{30000};
    // The time source for timers and rate limits. Empty: the steady clock, and
    // the thread sleeps until the next timer is due. Set (tests): a manual
    // clock; timers fire only through fire_due_timers().
    std::function<Timers::Clock::time_point()> clock;
};

// The one pipeline thread: every plugin hook, timer and posted callback runs
// here, serially. The I/O thread feeds it through the Inbound interface; other
// threads reach it only through post() and resume().
class Pipeline final : public transport::Inbound, public transport::Handshakes {
public:
    explicit Pipeline(Options options);
    ~Pipeline() override;

    void set_transport(transport::Transport &transport) { transport_ = &transport; }
    // Every active plugin in pipeline order; their stages form the pipeline.
    void set_plugins(std::vector<chatd_plugin *> plugins);
    const std::vector<chatd_plugin *> &plugins() const { return plugins_; }
    const std::vector<StageEntry> &stages() const { return stages_; }
    // The plugins' HTTP routes: the network's HttpInbound.
    HttpRoutes &http_routes() { return http_routes_; }

    void start();
    // Runs fn on the pipeline thread and waits for it; rethrows what fn throws.
    // After stop(), or when stop's deadline drops it, fn does not run.
    void run_sync(const std::function<void()> &fn);
    // Runs what is queued, runs the close hooks of the connections still open,
    // shuts every plugin down in reverse order, stops. Events still queued at
    // `deadline` are dropped (the hooks and the shutdown still run), so a
    // backlog cannot hold the process past its shutdown timeout.
    void stop(std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

    // transport::Inbound (I/O thread).
    void on_open(chatd_conn_id conn, std::string remote_address) override;
    void on_message(chatd_conn_id conn, std::string data, bool binary) override;
    void on_close(chatd_conn_id conn) override;

    // transport::Handshakes (I/O thread): runs the plugins' on_handshake hooks.
    transport::HandshakeVerdict on_handshake(const transport::UpgradeRequest &request) override;
    // Any thread: a plugin decides a handshake it paused.
    void resume_handshake(HandshakeDecision decision);

    // Any thread. The server's own work: runs ahead of every client's turn.
    bool post(std::function<void()> fn);
    // Any thread. A client's work: runs in that client's turn, after its earlier events.
    bool post(Lane lane, std::function<void()> fn);
    // Any thread. Runs once everything queued before it has run.
    bool post_barrier(std::function<void()> fn);
    bool on_pipeline_thread() const { return std::this_thread::get_id() == thread_.get_id(); }
    // Finishes a paused frame; with a reply, HANDLED answers the frame with it.
    void resume(chatd_plugin *plugin, chatd_frame_id frame, chatd_stage_status status,
                std::string code, std::string message, std::optional<OutJson> reply = {});
    // Any thread. Commits a room message `plugin` paused in the commit phase
    // with seq and ts, then carries the frame on. On the pipeline thread a
    // refusal is answered at once (CHATD_ERR_STATE, CHATD_ERR_INVALID); from
    // another thread only the pipeline thread can tell, so it is logged there
    // and the answer is whether the resume was queued.
    chatd_status resume_committed(chatd_plugin *plugin, chatd_frame_id frame, uint64_t seq,
                                  int64_t ts_ms);
    Timers::Clock::time_point now() const;
    // Fires the timers due at now(); for a manual clock.
    void fire_due_timers();

    // Pipeline thread only: the services behind the host API.
    Connection *connection(chatd_conn_id conn);
    // Every plugin's on_access in pipeline order until one denies: its
    // reason, or nothing when none did (access.cpp).
    std::optional<std::string> ask_access(const chatd_access_question &question);
    Subscriptions &subscriptions() { return subs_; }
    Timers &timers() { return timers_; }
    // The ready connections of each user (user_conns).
    const UserIndex &users() const { return users_; }
    // Gives conn a new user name, keeping the user index in step.
    void set_user(Connection &conn, std::string user);
    // What the client did not ask for (a plugin's send, the greeting); answers go through reply.
    transport::SendResult send(chatd_conn_id conn, const std::string &text);
    void publish(std::string_view room, const std::string &text, chatd_conn_id exclude);
    // Sends body to the frame's connection with "type" first and the frame's id after it.
    void reply(const chatd_frame &frame, const OutJson &body);
    void send_error(chatd_conn_id conn, const nlohmann::json &id, std::string_view code,
                    std::string_view message);
    void close(chatd_conn_id conn, uint16_t code, std::string reason);
    void shutdown_plugin(chatd_plugin *plugin);
    // Opens `plugin`'s readiness gate for conn; false if it does not gate.
    bool set_ready(chatd_plugin *plugin, Connection &conn);

private:
    void loop();
    // Queues under the lock unless the pipeline has stopped accepting.
    bool enqueue(const std::function<void(EventQueue &)> &push);
    // Runs a batch of events; those left when the stop deadline has passed
    // are dropped and counted.
    void run_batch(std::deque<std::function<void()>> &batch, size_t &dropped);
    bool past_stop_deadline() const;
    // The end of stop(), on the pipeline thread.
    void close_all_and_shut_down();
    void run_event(const std::function<void()> &fn);
    void handle_open(chatd_conn_id conn, std::string remote);
    void handle_message(chatd_conn_id conn, std::string data, bool binary);
    void handle_close(chatd_conn_id conn);
    void handle_resume(chatd_plugin *plugin, chatd_frame_id frame, chatd_stage_status status,
                       std::string code, std::string message, std::optional<OutJson> reply);
    void handle_resume_committed(chatd_plugin *plugin, chatd_frame_id frame, uint64_t seq,
                                 int64_t ts_ms);
    // CHATD_OK if `plugin` may resume_committed the frame now: it paused it in
    // the commit phase, and it is a room message not committed yet.
    chatd_status committable(const chatd_plugin *plugin, chatd_frame_id frame) const;
    void become_ready(Connection &conn);
    // Applies what the handshake decided, sends hello and runs on_open.
    void greet(Connection &conn, const HandshakeState *handshake);
    std::unique_ptr<HandshakeState> take_handshake(chatd_conn_id conn);
    void handle_handshake_resume(HandshakeDecision decision);
    // A held connection whose handshake is refused: closed with 4000 + status.
    void refuse_held(Connection &conn, uint16_t http_status, std::string reason);
    // Answers a frame the rate limit drops: once until a frame gets through.
    void rate_limited(Connection &conn, const nlohmann::json &id);
    // Runs queued frames of a connection until one pauses or none is left.
    void drain(Connection &conn);
    // true if the frame finished, false if a stage paused it.
    bool run_stages(Connection &conn, chatd_frame &frame);
    void finish(Connection &conn, chatd_frame &frame, chatd_plugin *by, chatd_stage_status status);
    void terminal(Connection &conn, chatd_frame &frame);
    void deliver_message(Connection &conn, chatd_frame &frame);
    // Fans a committed message out to its room, whose counter continues from its seq.
    void publish_committed(const chatd_frame &frame);
    // Sends an answer to one of conn's frames, charging its size to conn's rate limit.
    void answer(chatd_conn_id conn, const std::string &text);
    // Sends and marks the connection closing when the network will not take it.
    transport::SendResult send_payload(Connection &conn, transport::PayloadPtr payload,
                                       transport::Traffic traffic);
    // Sends payload to every connection gathered in fanout_, as send_payload
    // would to each, in one call to the network; empties fanout_.
    void fan_out(const transport::PayloadPtr &payload);
    // A frame a stage paused, until it is resumed or its pause times out.
    struct Paused {
        chatd_conn_id conn = 0;
        uint64_t timer = 0; // pause_timeout
        // Set when the connection closed while a commit stage held a room
        // message (see close_paused): the frame, out of the closed queue.
        std::unique_ptr<chatd_frame> orphan;
        std::string sender; // the orphan's sender, as the connection knew it
    };
    using PausedMap = std::unordered_map<chatd_frame_id, Paused>;
    void pause(Connection &conn, chatd_frame &frame);
    chatd_frame &paused_frame(const Paused &paused) const;
    // Forgets a pause: its timer is cancelled and its connection (or, for an
    // orphan, nobody) may run frames again.
    void end_pause(PausedMap::iterator it);
    // A closing connection's paused frame goes with it, unless it is committable.
    void close_paused(Connection &conn);
    void pause_expired(chatd_frame_id frame);

    Options options_;
    transport::Transport *transport_ = nullptr;
    // A room's recipients of one payload, kept between fan-outs so that one
    // allocates nothing once warm.
    struct FanOut {
        std::vector<chatd_conn_id> ids;
        std::vector<Connection *> conns;
        std::vector<transport::SendResult> results;
    } fanout_;
    std::vector<chatd_plugin *> plugins_;
    std::vector<StageEntry> stages_;

    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    EventQueue queue_;
    bool stopping_ = false;
    // Steady-clock ticks; atomic because a batch taken before stop() was
    // called must still stop at the deadline.
    std::atomic<std::chrono::steady_clock::rep> stop_deadline_{
        std::chrono::steady_clock::time_point::max().time_since_epoch().count()};
    std::atomic<bool> accepting_{true};

    // Handshake decisions from the I/O thread, until the connection opens.
    std::mutex handshakes_mu_;
    std::unordered_map<chatd_conn_id, std::unique_ptr<HandshakeState>> handshakes_;
    // Decisions that came before the hooks of their upgrade had finished.
    std::unordered_map<chatd_conn_id, std::vector<HandshakeDecision>> early_decisions_;

    // Pipeline thread only.
    std::unordered_map<chatd_conn_id, std::unique_ptr<Connection>> conns_;
    PausedMap paused_;
    Subscriptions subs_;
    UserIndex users_;
    Timers timers_;
    chatd_frame_id next_frame_ = 1;
    // After timers_: its requests' deadlines are swept by a timer.
    HttpRoutes http_routes_;
};

} // namespace chatd::pipeline
