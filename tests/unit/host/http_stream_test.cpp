// net::Server's HTTP side over time: streamed responses (Server-Sent Events),
// clients that leave, shutdown, and the WebSocket endpoint beside it all.
#include "http_server_fixture.hpp"
#include "support/ws_client.hpp"

#include <algorithm>
#include <atomic>
#include <ctime>

namespace chatd::test {
namespace {

using transport::StreamWrite;

const transport::HttpHeaders kEventStream = {{"content-type", "text/event-stream"},
                                             {"cache-control", "no-cache"}};

std::string event(int n) {
    return "id: " + std::to_string(n) + "\ndata: event " + std::to_string(n) + "\n\n";
}

TEST_F(HttpServerTest, StreamsEventsFromAnotherThreadThenEnds) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/events", {"Accept: text/event-stream"})));
    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    std::thread producer([&] {
        EXPECT_TRUE(server->stream_begin(request->id, 200, kEventStream));
        for (int n = 1; n <= 5; ++n)
            EXPECT_EQ(server->stream_write(request->id, event(n)), StreamWrite::Queued);
        EXPECT_TRUE(server->stream_end(request->id));
    });
    auto head = client->read_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 200);
    EXPECT_EQ(head->header("content-type"), "text/event-stream");
    EXPECT_EQ(head->header("cache-control"), "no-cache");
    EXPECT_FALSE(head->header("content-length")) << "a stream has no length";
    for (int n = 1; n <= 5; ++n)
        EXPECT_EQ(client->read_until("\n\n"), event(n));
    EXPECT_EQ(client->read_to_close(), "") << "the end of the stream is the end of the connection";
    producer.join();
    EXPECT_FALSE(server->stream_end(request->id));
    EXPECT_TRUE(http.gone.all().empty()) << "a stream its producer ended is not gone";
}

TEST_F(HttpServerTest, EventsWrittenBeforeTheHeadFollowIt) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/events")));
    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    ASSERT_TRUE(server->stream_begin(request->id, 200, kEventStream));
    ASSERT_EQ(server->stream_write(request->id, event(1)), StreamWrite::Queued);
    ASSERT_TRUE(client->read_head());
    EXPECT_EQ(client->read_until("\n\n"), event(1));
    ASSERT_EQ(server->stream_write(request->id, event(2)), StreamWrite::Queued);
    EXPECT_EQ(client->read_until("\n\n"), event(2)) << "a write after a quiet spell still goes out";
    ASSERT_TRUE(server->stream_end(request->id));
    EXPECT_TRUE(client->read_to_close());
}

TEST_F(HttpServerTest, ClientLeavingMidStreamIsReportedOnce) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/events")));
    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    ASSERT_TRUE(server->stream_begin(request->id, 200, kEventStream));
    ASSERT_EQ(server->stream_write(request->id, event(1)), StreamWrite::Queued);
    ASSERT_TRUE(client->read_head());
    ASSERT_EQ(client->read_until("\n\n"), event(1));
    client->close();

    // Noticed with nothing being written, as a quiet stream must be.
    auto gone = http.gone.pop();
    ASSERT_TRUE(gone) << "on_http_gone was not called";
    EXPECT_EQ(*gone, request->id);
    EXPECT_EQ(server->stream_write(request->id, event(2)), StreamWrite::Gone);
    EXPECT_FALSE(server->stream_end(request->id));
    EXPECT_EQ(http.gone.all().size(), 1u);
}

TEST_F(HttpServerTest, ClientLeavingBeforeTheAnswerIsReported) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/slow")));
    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    client->close();
    const auto wall_before = std::chrono::steady_clock::now();
    const std::clock_t cpu_before = std::clock();
    auto gone = http.gone.pop();
    ASSERT_TRUE(gone) << "on_http_gone was not called";
    EXPECT_EQ(*gone, request->id);
    EXPECT_FALSE(server->respond(request->id, 200, {}, "too late"));
    // libwebsockets 4.1.6 keeps polling a socket it does not read, so a
    // closed client can make the I/O thread spin until it is noticed.
    const double cpu = double(std::clock() - cpu_before) / CLOCKS_PER_SEC;
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
    EXPECT_LT(cpu, 0.1 + wall / 4) << "the server was busy while waiting to notice";
}

TEST_F(HttpServerTest, StreamOverflowCutsTheStream) {
    config.send_queue_bytes = 4096;
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/events")));
    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    ASSERT_TRUE(server->stream_begin(request->id, 200, kEventStream));
    EXPECT_EQ(server->stream_write(request->id, std::string(4097, 'x')), StreamWrite::Overflow);
    EXPECT_EQ(server->stream_write(request->id, "x"), StreamWrite::Gone);
    EXPECT_FALSE(server->stream_end(request->id));
    EXPECT_TRUE(client->read_to_close()) << "the connection is closed";
    auto gone = http.gone.pop();
    ASSERT_TRUE(gone);
    EXPECT_EQ(*gone, request->id);
}

TEST_F(HttpServerTest, ShutdownAnswersWaitingRequestsAndEndsStreams) {
    start();
    auto waiting = connect();
    ASSERT_TRUE(waiting->send(http_request("GET", "/slow")));
    auto unanswered = http.requests.pop();
    ASSERT_TRUE(unanswered);

    auto listening = connect();
    ASSERT_TRUE(listening->send(http_request("GET", "/events")));
    auto streamed = http.requests.pop();
    ASSERT_TRUE(streamed);
    ASSERT_TRUE(server->stream_begin(streamed->id, 200, kEventStream));
    ASSERT_TRUE(listening->read_head());

    // A producer that never ends its stream must not hold shutdown up.
    std::atomic<bool> producing = true;
    std::thread producer([&] {
        for (int n = 1; producing; ++n)
            if (server->stream_write(streamed->id, event(n)) != StreamWrite::Queued) return;
    });
    const auto before = std::chrono::steady_clock::now();
    EXPECT_TRUE(stop());
    EXPECT_LT(std::chrono::steady_clock::now() - before,
              std::chrono::milliseconds(config.shutdown_timeout_ms))
        << "both ended without waiting for the deadline";
    producing = false;
    producer.join();

    auto response = waiting->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 503);
    EXPECT_TRUE(listening->read_to_close());
    auto gone = http.gone.all();
    std::sort(gone.begin(), gone.end());
    EXPECT_EQ(gone, (std::vector<uint64_t>{unanswered->id, streamed->id}))
        << "both producers hear their request has gone";
}

TEST_F(HttpServerTest, WebSocketUpgradeStillWorksBesideHttp) {
    start();
    WsClient socket("ws");
    ASSERT_TRUE(socket.connect({.port = port, .path = config.path}));
    ASSERT_TRUE(ws.opened.pop());
    socket.send_text("hello");
    EXPECT_EQ(ws.messages.pop(), "hello");

    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", config.path)));
    auto request = http.requests.pop();
    ASSERT_TRUE(request) << "a plain GET on the WebSocket path is an HTTP request";
    EXPECT_EQ(request->path, config.path);
    server->respond(request->id, 426, {}, "use a WebSocket");
    EXPECT_EQ(client->read_response()->status, 426);

    WsClient elsewhere("elsewhere");
    const auto refused = elsewhere.connect({.port = port, .path = "/other"});
    EXPECT_FALSE(refused);
    EXPECT_EQ(refused.http_status, 404) << "an upgrade on another path is still refused";
    EXPECT_TRUE(http.gone.all().empty());
}

} // namespace
} // namespace chatd::test
