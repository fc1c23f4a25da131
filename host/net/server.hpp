#pragma once

#include "config/server_config.hpp"
#include "net/outbox.hpp"
#include "transport/handshake.hpp"
#include "transport/inbound.hpp"
#include "transport/transport.hpp"

#include <atomic>
#include <libwebsockets.h>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace chatd::net {

// The libwebsockets side: accepts WebSocket clients on one service thread (the
// thread that calls run()), reassembles messages, enforces the per-message size
// cap, and drains each connection's Outbox when the socket is writable.
class Server final : public transport::Transport {
public:
    Server(const config::ServerConfig &config, transport::Inbound &inbound);
    ~Server() override;
    Server(const Server &) = delete;
    Server &operator=(const Server &) = delete;

    // Who decides upgrades after the server's own checks; set before start().
    void set_handshakes(transport::Handshakes &handshakes) { handshakes_ = &handshakes; }

    // Creates the context and listens; false with a reason on failure.
    bool start(std::string &error);
    uint16_t port() const { return port_; }
    // Serves until request_stop(), then closes every client with 1001 and,
    // once they are gone or shutdown_timeout_ms has passed, destroys the
    // libwebsockets context. The Server stays a valid Transport afterwards
    // (sends find no connection), because the pipeline may still be running
    // the close hooks those last connections queued.
    void run();
    // Safe from any thread (and from the signal-handling thread).
    void request_stop();

    transport::SendResult send(chatd_conn_id conn, transport::PayloadPtr payload) override;
    void close(chatd_conn_id conn, uint16_t code, std::string reason) override;
    void frame_done(chatd_conn_id conn) override;

private:
    struct Connection;
    struct Session;

    static int callback(lws *wsi, lws_callback_reasons reason, void *user, void *in, size_t len);
    int confirm_upgrade(lws *wsi);
    int established(lws *wsi, Session *session);
    int receive(lws *wsi, Connection &conn, const void *in, size_t len);
    int writeable(lws *wsi, Connection &conn);
    void closed(Session *session);
    void drain_wakeups();
    void begin_shutdown();
    void destroy_context();
    static void shutdown_deadline(lws_sorted_usec_list_t *sul);

    std::shared_ptr<Connection> find(chatd_conn_id conn);
    void wake(chatd_conn_id conn);

    config::ServerConfig config_;
    transport::Inbound &inbound_;
    transport::Handshakes *handshakes_ = nullptr;
    // Connection ids given out at the upgrade, until the connection is
    // established (I/O thread only).
    std::unordered_map<const lws *, chatd_conn_id> upgrading_;
    lws_retry_bo_t retry_{};
    lws_protocols protocols_[2]{};
    // Guards context_ between the pipeline thread's wake-ups and its
    // destruction at the end of run().
    std::mutex context_mu_;
    lws_context *context_ = nullptr;
    uint16_t port_ = 0;

    std::mutex table_mu_;
    std::unordered_map<chatd_conn_id, std::shared_ptr<Connection>> table_;
    std::atomic<chatd_conn_id> next_conn_{1};

    std::mutex wake_mu_;
    std::vector<chatd_conn_id> wake_list_;

    std::atomic<bool> stop_requested_{false};
    bool stopping_ = false; // I/O thread only
    bool done_ = false;     // I/O thread only
    // lws hands the timer callback only the sul; keeping it first in a
    // standard-layout struct lets the callback get back to the server.
    struct Deadline {
        lws_sorted_usec_list_t sul;
        Server *owner;
    } deadline_{};
};

} // namespace chatd::net
