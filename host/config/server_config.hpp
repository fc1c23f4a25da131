#pragma once

#include "config/error.hpp"
#include "config/raw_tree.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace chatd::config {

// [server]; config/chatd.toml documents every key.
// The most network threads io_threads may ask for, and what 0 (one per core) stops at.
inline constexpr unsigned kMaxIoThreads = 64;

struct ServerConfig {
    std::string host = "127.0.0.1";
    uint16_t port = 8080;                   // 0 = ephemeral (tests use it)
    std::string path = "/chat";             // must start with '/'
    uint64_t max_message_bytes = 65536;     // 128 .. 16 MiB
    uint64_t send_queue_bytes = 1048576;    // 4096 .. 1 GiB; per-connection outbound queue bound
    uint64_t max_http_body_bytes = 1048576; // 0 .. 64 MiB; larger HTTP request bodies get 413
    uint32_t max_connections = 10000;       // 1 .. 1'000'000; lowered to fit the fd limit
    // Per client address: open sockets (WebSocket, HTTP, or not yet either), and of those the
    // ones still in their handshake; more get 503 at once.
    uint32_t max_connections_per_address = 1000; // 1 .. 1'000'000
    uint32_t max_handshakes_per_address = 64;    // 1 .. 1'000'000
    uint32_t handshake_timeout_seconds = 5;      // 1 .. 300: a socket's request must arrive in time
    // Of the send queue, bytes of answers to the connection's own frames; past it the connection
    // is not read until they drain to half. 1 .. send_queue_bytes; when not set, the smaller of
    // 262144 and send_queue_bytes.
    uint64_t reply_queue_bytes = 262144;
    // Bytes of received messages waiting for the pipeline or arriving (plus HTTP bodies, for all
    // connections together), and for each one; a connection at either bound is not read until
    // the pipeline catches up (net/input_budget.hpp).
    uint64_t input_queue_bytes = 64 << 20;     // 65536 .. 16 GiB
    uint64_t connection_input_bytes = 1 << 20; // 4096 .. 1 GiB
    uint32_t ping_interval_seconds = 30;       // 1 .. 3600: idle time before the server pings
    // Close a connection after this long without valid traffic or a pong; greater than
    // ping_interval_seconds, at most 65535 (libwebsockets keeps it in 16 bits).
    uint32_t idle_timeout_seconds = 60;
    // Empty accepts any Origin; entries look like "https://chat.example.com".
    std::vector<std::string> allowed_origins;
    double rate_limit_per_second = 50; // > 0; token bucket refill per connection
    uint32_t rate_limit_burst = 100;   // >= 1; bucket size
    // 256 .. 1 GiB: every whole this many bytes of an answer cost one more token.
    uint64_t reply_cost_bytes = 16384;
    std::string log_level = "info";      // trace|debug|info|warn|error|off
    uint32_t shutdown_timeout_ms = 3000; // 0 .. 60000: wait for clients to close on shutdown
    // 1 .. 60: how long a client the server is closing (too slow, idle, over a limit) has to
    // take its close frame before its TCP connection is dropped.
    uint32_t close_timeout_seconds = 5;
    // 0 .. kMaxIoThreads: network threads, each an event loop on the shared port; 0 is one per
    // core.
    uint32_t io_threads = 1;
    // Offer permessage-deflate (RFC 7692) to clients that ask for it. Off by default: each
    // compressing connection holds zlib's state (about 300 KiB) and is written one message
    // per system call instead of all that is queued at once.
    bool permessage_deflate = false;

    friend bool operator==(const ServerConfig &, const ServerConfig &) = default;
};

// Reads the entries of [server] over the defaults; every problem is added to `errors`.
ServerConfig read_server(const RawTable &table, const std::string &file,
                         std::vector<Error> &errors);

} // namespace chatd::config
