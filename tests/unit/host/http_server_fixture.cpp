#include "http_server_fixture.hpp"

namespace chatd::test {

HttpServerTest::HttpServerTest() {
    config.host = "127.0.0.1";
    config.port = 0;
    config.shutdown_timeout_ms = 2000;
}

HttpServerTest::~HttpServerTest() {
    if (io_.joinable()) {
        EXPECT_TRUE(stop()) << "the server did not stop in time";
    }
}

void HttpServerTest::start(bool with_http) {
    server = std::make_unique<net::Server>(config, ws);
    if (with_http) server->set_http_inbound(&http, {"x-trace", "Last-Event-ID"});
    std::string error;
    ASSERT_TRUE(server->start(error)) << error;
    port = server->port();
    io_ = std::thread([this] {
        server->run();
        stopped_.push(true);
    });
}

bool HttpServerTest::stop() {
    server->request_stop();
    const auto limit = std::chrono::milliseconds(config.shutdown_timeout_ms) + kDeadline;
    if (stopped_.pop(std::chrono::duration_cast<std::chrono::milliseconds>(limit))) {
        io_.join();
        return true;
    }
    // A server stuck past its deadline fails the test instead of hanging it;
    // it is left running, and allocated, so nothing it uses is freed under it.
    io_.detach();
    (void)server.release();
    return false;
}

std::unique_ptr<HttpClient> HttpServerTest::connect(std::optional<int> receive_buffer_bytes) {
    auto client = std::make_unique<HttpClient>();
    EXPECT_TRUE(client->connect(port, receive_buffer_bytes)) << "cannot connect to " << port;
    return client;
}

std::string pattern(size_t size) {
    std::string out(size, '\0');
    for (size_t i = 0; i < size; ++i)
        out[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
    return out;
}

} // namespace chatd::test
