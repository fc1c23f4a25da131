#pragma once

#include "config/server_config.hpp"
#include "net/accept_backoff.hpp"
#include "net/admission.hpp"
#include "net/frame_writer.hpp"
#include "net/http_exchange.hpp"
#include "net/input_budget.hpp"
#include "net/loop_ids.hpp"
#include "net/outbox.hpp"
#include "transport/handshake.hpp"
#include "transport/http.hpp"
#include "transport/inbound.hpp"
#include "transport/transport.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <libwebsockets.h>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace chatd::net {

// One event loop of the server (server.hpp): a libwebsockets context served
// by one thread (the thread that calls run()), which accepts clients from a
// listen socket of its own (event_loop_listen.cpp; the loops' sockets share
// the port), reassembles messages, enforces the per-message size cap, and
// drains each of its connections' Outbox when the socket is writable. Other
// HTTP requests go to the HttpInbound, whose answers are written back by the
// loop that took the request (event_loop_http.cpp). Everything a loop's
// thread does concerns its own connections only; other threads reach them
// through the Outbox, the answer queues and the wake-up list.
class EventLoop final {
public:
    EventLoop(const config::ServerConfig &config, transport::Inbound &inbound, Admission &admission,
              unsigned index, unsigned count);
    ~EventLoop();
    EventLoop(const EventLoop &) = delete;
    EventLoop &operator=(const EventLoop &) = delete;

    // Who decides upgrades after the server's own checks; set before start().
    void set_handshakes(transport::Handshakes &handshakes) { handshakes_ = &handshakes; }

    // Who answers HTTP requests; with none, every request gets 404. Call
    // before start(). libwebsockets 4.1.6 cannot list the headers it has no
    // token for, so `custom_headers` names the ones the inbound wants as
    // well, e.g. "last-event-id" for Server-Sent Events.
    void set_http_inbound(transport::HttpInbound *inbound,
                          std::vector<std::string> custom_headers = {});

    // Creates the context, with a socket table for descriptors up to
    // fd_limit, and listens on `port` (0: one the kernel picks), sharing it
    // with the other loops when there are others; false with a reason on failure.
    bool start(unsigned fd_limit, uint16_t port, std::string &error);
    uint16_t port() const { return port_; }
    // Serves until request_stop(), then closes every client with 1001, answers
    // HTTP requests still waiting with 503, ends HTTP streams and, once all
    // are gone or shutdown_timeout_ms has passed, destroys the
    // libwebsockets context. The loop stays valid for sends afterwards
    // (sends find no connection), because the pipeline may still be running
    // the close hooks those last connections queued.
    void run();
    // Safe from any thread (and from the signal-handling thread).
    void request_stop();
    // When run() began shutting down, plus shutdown_timeout_ms: what the rest
    // of a shutdown must keep to as well. nullopt if run() ended on its own.
    // Read after run().
    std::optional<std::chrono::steady_clock::time_point> stop_deadline() const {
        return stop_deadline_;
    }

    // transport::Transport and HttpResponder for this loop's connections and
    // requests, from any thread (send_many from the pipeline thread only).
    void send_many(std::span<const chatd_conn_id> conns, const transport::PayloadPtr &payload,
                   transport::Traffic traffic, std::vector<transport::SendResult> &results);
    transport::SendResult send(chatd_conn_id conn, transport::PayloadPtr payload,
                               transport::Traffic traffic);
    void close(chatd_conn_id conn, uint16_t code, std::string reason);
    void frame_done(chatd_conn_id conn);

    bool respond(uint64_t id, unsigned status, transport::HttpHeaders headers, std::string body);
    bool stream_begin(uint64_t id, unsigned status, transport::HttpHeaders headers);
    transport::StreamWrite stream_write(uint64_t id, std::string chunk);
    bool stream_end(uint64_t id);

private:
    struct Connection;
    // libwebsockets' user area, per WebSocket connection or per HTTP request (a
    // keep-alive connection gets a fresh one for each); it only points at the
    // shared record.
    struct Session {
        Connection *conn;
        HttpExchange *http;
        // permessage-deflate was agreed during the upgrade, before `conn`.
        bool deflate;
    };

    // What libwebsockets sends per system call (tx_packet_size); HTTP bodies
    // are written in pieces of this size (http_writer.hpp).
    static constexpr size_t kIoBufferBytes = 16 * 1024;
    // libwebsockets' receive buffer, which it allocates for each WebSocket
    // connection for its whole life, and which bounds each read from its
    // socket. In 4.1.6 a server's data frames go from the shared read buffer
    // straight to the callback, so only control frames (125 bytes at most)
    // are copied into it. At 16 KiB it cost every idle connection about 4 KiB
    // of resident memory; 2 KiB still reads a usual chat frame in one go
    // (README, "Memory per connection").
    static constexpr size_t kReceiveBufferBytes = 2 * 1024;
    // What one writable callback may send to one connection, in one write.
    static constexpr size_t kBytesPerWrite = 4 * kIoBufferBytes;

    static int callback(lws *wsi, lws_callback_reasons reason, void *user, void *in, size_t len);
    // Listening, in event_loop_listen.cpp.
    bool open_listener(uint16_t port, std::string &error);
    // The listen socket is readable: takes the clients waiting.
    int accept_clients();
    // Admits a socket just accepted and hands it to libwebsockets, or refuses it.
    void take_client(int fd, const sockaddr_storage &address);
    // True if the socket is let in; otherwise it has been answered 503.
    bool filter_connection(int fd, const sockaddr_storage &address);
    void pause_accepting(int error);
    uint32_t refuse_waiting_clients();
    static void resume_accepting(lws_sorted_usec_list_t *sul);
    int confirm_upgrade(lws *wsi);
    // 426 naming the version this server speaks.
    int refuse_version(lws *wsi);
    int established(lws *wsi, Session *session);
    int receive(lws *wsi, Connection &conn, const void *in, size_t len);
    int writeable(lws *wsi, Connection &conn);
    // Input flow control: whether a connection's messages waiting in the
    // pipeline or arriving, everyone's, and the replies it has not read leave room to read it.
    bool may_read(Connection &conn, bool resuming);
    void pause_if_over(Connection &conn);
    void resume_reading(Connection &conn);
    // After bytes went back to the budget: true if they reached its resume point.
    void resume_all_if(bool reached);
    // A message or body arriving now holds `bytes`; sheds the largest while
    // partials take more than their share (input_budget.hpp).
    void hold_partial(uint64_t holder, uint64_t bytes);
    // Closes a connection with 1008, or answers an HTTP request 503, to take
    // back what its partial message or body holds.
    void shed(uint64_t holder);
    void closed(Session *session);
    lws_usec_t idle_limit() const;
    // Every kSweepInterval: pings the connections nothing was heard from for
    // ping_interval_seconds, once per silence, and closes with 1001 those
    // silent for idle_timeout_seconds. One timer for the loop rather than
    // libwebsockets' validity timers or a timer per connection: libwebsockets
    // 4.1 keeps timers in one sorted list and walks it on every insertion,
    // so a timer per connection, all set for the same delay, made each new
    // connection walk past all the others (over half of a 10,000-client join
    // storm's time).
    static void sweep(lws_sorted_usec_list_t *sul);
    void check_liveness();
    static constexpr lws_usec_t kSweepInterval = 250 * LWS_US_PER_MS;
    // Drops the connection close_timeout_seconds after a close was asked for.
    void time_close(Connection &conn);
    void drain_wakeups();
    void begin_shutdown();
    // WebSocket connections plus HTTP requests not yet answered in full.
    size_t still_open();
    void destroy_context();
    static void shutdown_deadline(lws_sorted_usec_list_t *sul);

    // HTTP, in event_loop_http.cpp.
    int http_request(lws *wsi, Session &session);
    int http_body(lws *wsi, HttpExchange &exchange, const void *in, size_t len);
    void deliver(HttpExchange &exchange);
    int wait_for_answer(lws *wsi);
    void write_when_ready(lws *wsi);
    int check_client(lws *wsi, Session &session);
    int http_writeable(lws *wsi, Session &session);
    int write_next_piece(lws *wsi, Session &session);
    int http_finish(lws *wsi, Session &session);
    void http_detach(Session *session);
    void shed_http(HttpExchange &exchange);
    void end_http_for_shutdown();
    std::shared_ptr<HttpExchange> find_exchange(uint64_t id);
    // Applies a responder's call to a request's answer; wakes the I/O thread if it was accepted.
    bool change_answer(uint64_t id, const std::function<bool(HttpResponseQueue &)> &change);

    std::shared_ptr<Connection> find(chatd_conn_id conn);
    // Has the I/O thread look at a connection or HTTP exchange.
    void wake(uint64_t id) { wake(std::span<const uint64_t>(&id, 1)); }
    void wake(std::span<const uint64_t> ids);
    // Queues payload on conn's outbox; `wake_it` says whether the I/O
    // thread must now look at conn.
    transport::SendResult push(Connection &conn, const transport::PayloadPtr &payload,
                               transport::Traffic traffic, bool &wake_it);
    // Returns the I/O thread from waiting, to drain_wakeups().
    void interrupt_service();

    config::ServerConfig config_;
    transport::Inbound &inbound_;
    transport::Handshakes *handshakes_ = nullptr;
    // Connection ids given out at the upgrade, until the connection is
    // established (I/O thread only).
    std::unordered_map<const lws *, chatd_conn_id> upgrading_;
    // Shared by the loops: the limits are the server's.
    Admission &admission_;
    std::chrono::steady_clock::time_point last_refusal_logged_{};
    uint64_t refusals_unlogged_ = 0;
    // Bytes received and held: messages arriving or in the pipeline, HTTP
    // bodies arriving or waiting for their answer.
    InputBudget input_;
    // The budget is down to its resume point: paused connections may read.
    std::atomic<bool> resume_all_{false};
    // All zero: no validity timers (see sweep).
    lws_retry_bo_t retry_{};
    lws_protocols protocols_[2]{};
    // The listen socket, adopted by libwebsockets as a plain descriptor, so
    // that chatd calls accept() itself (event_loop_listen.cpp). I/O thread only.
    lws *listen_wsi_ = nullptr;
    lws_vhost *vhost_ = nullptr;
    int listen_fd_ = -1;
    int spare_fd_ = -1;
    AcceptBackoff accept_backoff_;
    // Guards context_ between the pipeline thread's wake-ups and its
    // destruction at the end of run().
    std::mutex context_mu_;
    lws_context *context_ = nullptr;
    uint16_t port_ = 0;

    std::mutex table_mu_;
    std::unordered_map<chatd_conn_id, std::shared_ptr<Connection>> table_;
    // Connections and HTTP requests share one sequence, so a wake-up's id
    // names exactly one of them (and every id names its loop).
    LoopIds ids_;

    transport::HttpInbound *http_inbound_ = nullptr;
    std::vector<std::string> custom_headers_;
    std::mutex exchanges_mu_;
    std::unordered_map<uint64_t, std::shared_ptr<HttpExchange>> exchanges_;

    std::mutex wake_mu_;
    std::vector<uint64_t> wake_list_;
    std::vector<uint64_t> woken_; // send_many's, pipeline thread only

    // The frames of one write and the bytes they are copied into (I/O
    // thread only), kept so that writing allocates nothing once warm.
    std::vector<transport::PayloadPtr> batch_;
    std::vector<unsigned char> scratch_;

    std::atomic<bool> stop_requested_{false};
    bool stopping_ = false;                                              // I/O thread only
    bool done_ = false;                                                  // I/O thread only
    std::optional<std::chrono::steady_clock::time_point> stop_deadline_; // I/O thread only
    // lws hands a timer callback only the sul; keeping it first in a
    // standard-layout struct lets the callback get back to the loop.
    struct Timer {
        lws_sorted_usec_list_t sul;
        EventLoop *owner;
    };
    Timer deadline_{};
    Timer accept_pause_{}; // the end of a pause in accepting
    Timer idle_sweep_{};
};

} // namespace chatd::net
