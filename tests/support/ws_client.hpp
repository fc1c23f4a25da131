#pragma once

// A WebSocket client for integration tests: every call that waits for the
// network takes a timeout, so a misbehaving server fails a test instead of
// hanging it, and everything sent and received is kept in a transcript that
// a failing test prints.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatd::test {

using namespace std::chrono_literals;

inline constexpr std::chrono::milliseconds default_timeout = 5s;

struct ConnectOptions {
    std::string host = "127.0.0.1"; // an IP address: tests never resolve names
    std::uint16_t port = 0;
    std::string path = "/chat";
    std::optional<std::string> origin{}; // sent as the Origin header when set
    // More request headers for the upgrade, e.g. {"Authorization", "Bearer x"}.
    std::vector<std::pair<std::string, std::string>> headers{};
    // Shrinks the kernel's receive window so that a client which stops
    // reading backs the server up after kilobytes rather than megabytes.
    std::optional<int> receive_buffer_bytes{};
    // Offers permessage-deflate (RFC 7692), as browsers do; when the server
    // agrees, every message sent is compressed and received ones inflated.
    bool permessage_deflate = false;
    std::chrono::milliseconds timeout = default_timeout;
};

struct ConnectResult {
    bool ok = false;
    int http_status = 0;      // the status of a declined handshake, else 0
    std::string error{};      // why it failed; empty on success
    std::string extensions{}; // the server's Sec-WebSocket-Extensions, if any

    explicit operator bool() const { return ok; }
};

// Received frames wait in an inbox, oldest first, until recv takes the
// oldest or wait_for takes the first one that matches; wait_for leaves the
// frames it skips in place, so waits for several frames may come in any order.
//
// Reads happen only inside recv, recv_json, wait_for and expect_close (a read
// left pending by one of them that timed out may still complete during a
// later call). A client that stops calling them stops reading from its
// socket, which is how a test plays a consumer that cannot keep up.
class WsClient {
public:
    using Predicate = std::function<bool(const nlohmann::json &)>;

    // The label names this client in its transcript.
    explicit WsClient(std::string label);
    ~WsClient(); // drops the TCP connection without a closing handshake
    WsClient(const WsClient &) = delete;
    WsClient &operator=(const WsClient &) = delete;

    // Once per client.
    ConnectResult connect(const ConnectOptions &options);

    // Sends throw std::runtime_error when the frame cannot be written, or not
    // in time: a test cannot go on meaningfully after that. A send that times
    // out also drops the connection, as a write still pending forbids the next.
    void send_text(std::string_view text, std::chrono::milliseconds timeout = default_timeout);
    void send_json(const nlohmann::json &frame,
                   std::chrono::milliseconds timeout = default_timeout);
    void send_binary(std::string_view data, std::chrono::milliseconds timeout = default_timeout);
    // One text message split into frames of at most fragment_bytes each.
    void send_fragmented_text(std::string_view text, std::size_t fragment_bytes,
                              std::chrono::milliseconds timeout = default_timeout);

    // The oldest frame in the inbox, or the next to arrive; nullopt when none
    // arrives in time or the connection has ended.
    std::optional<std::string> recv(std::chrono::milliseconds timeout = default_timeout);
    // recv_json and wait_for throw std::runtime_error when they meet a frame
    // that is not JSON, which the protocol never allows.
    std::optional<nlohmann::json> recv_json(std::chrono::milliseconds timeout = default_timeout);
    // The first frame in the inbox or to arrive that matches; nullopt when
    // none does in time.
    std::optional<nlohmann::json> wait_for(const Predicate &matches,
                                           std::chrono::milliseconds timeout = default_timeout);

    // Empties the inbox and discards frames until the server closes the connection.
    // Returns the close code, or nullopt if no close frame came in time
    // (the transcript says whether the connection broke instead).
    std::optional<std::uint16_t> expect_close(std::chrono::milliseconds timeout = default_timeout);

    // Closing handshake with the given code; false if the connection had
    // already ended or the handshake did not finish in time.
    bool close(std::uint16_t code = 1000, std::chrono::milliseconds timeout = default_timeout);
    // Writes a close frame whose payload is exactly `payload` (at most 125
    // bytes), even one RFC 6455 forbids, which close() cannot send; it does
    // not wait for the answer: expect_close reads the server's close code.
    void send_close_frame(std::string_view payload,
                          std::chrono::milliseconds timeout = default_timeout);
    // Ends the TCP connection abruptly, as a crashed client would.
    void drop();

    // Everything sent and received, oldest first, long frames shortened.
    std::string transcript() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace chatd::test
