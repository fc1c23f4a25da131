#pragma once

// A blocking HTTP/1.1 client for tests, over one loopback TCP connection:
// every call that waits for the network takes a timeout, so a misbehaving
// server fails a test instead of hanging it. Requests are written as raw
// text, so a test can send exactly the bytes it means (a lying
// Content-Length, a body in parts, an Expect header).

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatd::test {

struct HttpResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers; // names in lower case
    std::string body;

    // The first header with this (lower-case) name, or nullopt.
    std::optional<std::string> header(std::string_view name) const;
};

// "METHOD target HTTP/1.1" with Host, the given header lines ("Name: value"),
// Content-Length when there is a body, and the body.
std::string http_request(std::string_view method, std::string_view target,
                         const std::vector<std::string> &headers = {}, std::string_view body = {});

class HttpClient {
public:
    using Timeout = std::chrono::milliseconds;
    static constexpr Timeout kTimeout{5000};

    HttpClient();
    ~HttpClient(); // drops the connection
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    // To 127.0.0.1:port; false if no connection was made in time. A small
    // receive buffer makes the server's writes back up after a few kilobytes,
    // so it must cope with sockets that take less than it writes.
    bool connect(uint16_t port, std::optional<int> receive_buffer_bytes = std::nullopt,
                 Timeout timeout = kTimeout);
    // False if the bytes could not all be written in time.
    bool send(std::string_view bytes, Timeout timeout = kTimeout);

    // The next response: its head, then a body of Content-Length bytes, or
    // everything up to the server's close when it sends no length. An interim
    // 1xx answer comes back on its own, as does the head of a response to HEAD
    // (with_body false). nullopt when it does not arrive in time or the
    // connection ends first.
    std::optional<HttpResponse> read_response(Timeout timeout = kTimeout, bool with_body = true);
    // Only the head: a stream's body is then read with read_until and read_to_close.
    std::optional<HttpResponse> read_head(Timeout timeout = kTimeout);
    // Body bytes up to and including the first `text`, taken from what arrives
    // after the head; nullopt if `text` does not arrive in time.
    std::optional<std::string> read_until(std::string_view text, Timeout timeout = kTimeout);
    // Everything still arriving until the server closes; nullopt if it does
    // not close in time.
    std::optional<std::string> read_to_close(Timeout timeout = kTimeout);

    // Ends the connection now, as a client that goes away would.
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace chatd::test
