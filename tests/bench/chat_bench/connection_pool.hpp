#pragma once

// Many non-blocking WebSocket client connections on one epoll, one thread:
// the load generator must cost little per frame, so frames queued during one
// turn of the loop leave in one write per connection, and nothing allocates
// per received frame.

#include "ws_frame.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::bench {

using Clock = std::chrono::steady_clock;

enum class ConnState { connecting, upgrading, open, closing, closed };

struct Connection {
    std::uint32_t id = 0;
    int fd = -1;
    ConnState state = ConnState::connecting;
    std::size_t member = 0; // the scenario's index for this connection
    std::string key;
    std::string head; // the handshake answer until it is complete
    std::string out;
    std::size_t out_sent = 0;
    bool want_write = false; // EPOLLOUT is armed
    bool dirty = false;      // on the flush list
    ws::Decoder decoder;
    Clock::time_point upgraded_at{};
    std::uint16_t close_code = 1006; // from the server's close frame, if one came
};

// What a scenario hears from the pool; the connection stays valid during the
// call (closing it from there is fine).
class PoolHandler {
public:
    virtual ~PoolHandler() = default;
    virtual void on_open(Connection &conn) = 0;
    virtual void on_text(Connection &conn, std::string_view text) = 0;
    // After the socket is closed; `by_server` when the server closed or broke
    // it rather than this side.
    virtual void on_closed(Connection &conn, bool by_server) = 0;
};

struct PoolCounters {
    std::uint64_t connects_started = 0;
    std::uint64_t upgrades = 0;
    std::uint64_t connect_failures = 0;  // TCP connect failed
    std::uint64_t handshake_refused = 0; // an HTTP status other than 101, or a bad accept
    std::uint64_t closed_by_server = 0;  // close frame, EOF or reset while open
    // Of those, by the code in the server's close frame; 1006 for none (RFC
    // 6455 §7.1.5: the connection ended without one).
    std::map<std::uint16_t, std::uint64_t> close_codes;
    std::uint64_t protocol_errors = 0; // frames the decoder could not read
    std::uint64_t frames_in = 0;
    std::uint64_t frames_out = 0;
};

class ConnectionPool {
public:
    // `address` must be a loopback address (the caller checks).
    ConnectionPool(in_addr address, std::uint16_t port, PoolHandler &handler);
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool &) = delete;
    ConnectionPool &operator=(const ConnectionPool &) = delete;

    // Starts a connection to `path`; its id indexes get(). Returns nullptr
    // (and counts a failure) when no socket could be made.
    Connection *open(std::string_view path, std::size_t member);
    Connection *get(std::uint32_t id);
    void send_text(Connection &conn, std::string_view text);
    // Sends a close frame; the socket closes when the server answers it, or
    // at close_all.
    void close(Connection &conn, std::uint16_t code = 1000);
    // Closes every socket at once, without the closing handshake.
    void close_all();

    // Waits at most `timeout` for events, handles them, then writes out what
    // was queued. Returns the number of events handled.
    int poll(std::chrono::milliseconds timeout);
    void flush();

    std::size_t open_count() const { return live_; }
    const PoolCounters &counters() const { return counters_; }

private:
    void on_event(Connection &conn, std::uint32_t events);
    void on_readable(Connection &conn);
    void on_frames(Connection &conn);
    void write_out(Connection &conn);
    void finish(Connection &conn, bool by_server);
    void arm(Connection &conn, bool want_write);
    std::uint32_t next_mask();

    int epoll_fd_ = -1;
    sockaddr_in address_{};
    std::string host_header_;
    PoolHandler &handler_;
    std::vector<std::unique_ptr<Connection>> conns_;
    std::vector<std::uint32_t> dirty_;
    std::vector<std::uint32_t> graveyard_; // closed, freed at the end of a turn
    std::vector<char> scratch_;
    std::size_t live_ = 0;
    std::uint64_t rng_ = 0x243F6A8885A308D3ull;
    PoolCounters counters_{};
};

} // namespace chatd::bench
