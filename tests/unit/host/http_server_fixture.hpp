#pragma once

// A real net::Server on an ephemeral loopback port, served on its own thread,
// with test doubles for both inbound interfaces, so the HTTP side is tested
// through real sockets without the pipeline or the binary.

#include "channel.hpp"
#include "config/server_config.hpp"
#include "net/server.hpp"
#include "support/http_client.hpp"
#include "transport/http.hpp"
#include "transport/inbound.hpp"

#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <thread>

namespace chatd::test {

// Records the WebSocket side; the HTTP tests only need it to exist.
class RecordingInbound : public transport::Inbound {
public:
    void on_open(chatd_conn_id conn, std::string) override { opened.push(conn); }
    void on_message(chatd_conn_id, std::string data, bool) override {
        messages.push(std::move(data));
    }
    void on_close(chatd_conn_id conn) override { closed.push(conn); }

    Channel<chatd_conn_id> opened;
    Channel<std::string> messages;
    Channel<chatd_conn_id> closed;
};

// Requests go to `handler` on the I/O thread when a test sets one, otherwise
// into `requests` for the test thread to answer.
class TestHttpInbound : public transport::HttpInbound {
public:
    void on_http_request(transport::HttpRequest request) override {
        if (handler)
            handler(std::move(request));
        else
            requests.push(std::move(request));
    }
    void on_http_gone(uint64_t id) override { gone.push(id); }

    std::function<void(transport::HttpRequest)> handler;
    Channel<transport::HttpRequest> requests;
    Channel<uint64_t> gone;
};

class HttpServerTest : public ::testing::Test {
protected:
    HttpServerTest();
    ~HttpServerTest() override;

    // Starts serving `config` (port 0 on 127.0.0.1 unless a test changes
    // them); without an HTTP inbound when `with_http` is false.
    void start(bool with_http = true);
    // Asks the server to stop and waits for run() to return; false if it did
    // not within the shutdown timeout and a margin.
    bool stop();
    // A client connected to the server.
    std::unique_ptr<HttpClient> connect(std::optional<int> receive_buffer_bytes = std::nullopt);

    config::ServerConfig config;
    RecordingInbound ws;
    TestHttpInbound http;
    std::unique_ptr<net::Server> server;
    uint16_t port = 0;

private:
    std::thread io_;
    Channel<bool> stopped_;
};

// Bytes that differ from one position to the next, so a piece lost, repeated
// or reordered shows.
std::string pattern(size_t size);

} // namespace chatd::test
