// net::Server's HTTP side, request and complete response: a real server on a
// loopback port, a test HttpInbound, and a plain HTTP/1.1 client.
#include "http/url_decoding.hpp"
#include "http_server_fixture.hpp"

namespace chatd::test {
namespace {

using transport::HttpRequest;

const std::string *find(const transport::HttpHeaders &headers, std::string_view name) {
    for (const auto &[key, value] : headers)
        if (key == name) return &value;
    return nullptr;
}

TEST_F(HttpServerTest, WithoutAnInboundEveryRequestIs404) {
    start(false);
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/healthz")));
    auto response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 404);
    ASSERT_TRUE(client->send(http_request("POST", "/api/v1/rooms", {}, "{}")));
    response = client->read_response();
    ASSERT_TRUE(response) << "the connection stays usable";
    EXPECT_EQ(response->status, 404);
}

TEST_F(HttpServerTest, AnswersFromTheIoThread) {
    http.handler = [this](HttpRequest request) {
        const uint64_t id = request.id;
        http.requests.push(std::move(request));
        EXPECT_TRUE(server->respond(id, 200, {{"content-type", "text/plain"}, {"x-answer", "42"}},
                                    "hello"));
    };
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(
        http_request("GET", "/healthz?verbose=1", {"User-Agent: chatd-test", "X-Trace: abc"})));
    auto response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello");
    EXPECT_EQ(response->header("content-type"), "text/plain");
    EXPECT_EQ(response->header("content-length"), "5");
    EXPECT_EQ(response->header("x-answer"), "42");

    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    EXPECT_NE(request->id, 0u);
    EXPECT_EQ(request->method, "GET");
    EXPECT_EQ(request->path, "/healthz");
    EXPECT_EQ(request->query, "verbose=1");
    EXPECT_EQ(request->remote_address, "127.0.0.1");
    EXPECT_FALSE(request->tls);
    EXPECT_TRUE(request->body.empty());
    ASSERT_TRUE(find(request->headers, "user-agent"));
    EXPECT_EQ(*find(request->headers, "user-agent"), "chatd-test");
    EXPECT_EQ(*find(request->headers, "host"), "127.0.0.1");
    ASSERT_TRUE(find(request->headers, "x-trace"))
        << "a custom header the server was told to collect";
    EXPECT_EQ(*find(request->headers, "x-trace"), "abc");
}

TEST_F(HttpServerTest, UnknownHeadersAreCollectedOnlyWhenNamed) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/", {"X-Other: 1", "Last-Event-ID: 7"})));
    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    EXPECT_FALSE(find(request->headers, "x-other"));
    ASSERT_TRUE(find(request->headers, "last-event-id"));
    EXPECT_EQ(*find(request->headers, "last-event-id"), "7");
    EXPECT_TRUE(server->respond(request->id, 204, {}, ""));
    EXPECT_EQ(client->read_response()->status, 204);
}

TEST_F(HttpServerTest, PathAndQueryArriveEncodedOnce) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request(
        "GET", "/rooms/caf%C3%A9%20bar/messages?before=10&limit=50&q=a+b%26c%3D&flag")));
    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    EXPECT_EQ(request->path, "/rooms/caf%C3%A9%20bar/messages");
    EXPECT_EQ(request->query, "before=10&limit=50&q=a%20b%26c%3D&flag");
    EXPECT_EQ(
        http::parse_query(request->query),
        (http::QueryParams{{"before", "10"}, {"limit", "50"}, {"q", "a b&c="}, {"flag", ""}}));
    server->respond(request->id, 200, {}, "");
}

TEST_F(HttpServerTest, LibwebsocketsNormalisesThePathFirst) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/a//b/./c/../d%2Fe")));
    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    EXPECT_EQ(request->path, "/a/b/d/e") << "an encoded slash is a slash by the time chatd sees it";
    server->respond(request->id, 200, {}, "");
}

TEST_F(HttpServerTest, AnswersLaterFromAnotherThreadAndKeepsTheConnection) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/slow")));
    auto first = http.requests.pop();
    ASSERT_TRUE(first);
    std::thread([&] {
        EXPECT_TRUE(server->respond(first->id, 201, {{"content-type", "application/json"}},
                                    R"({"ok":true})"));
    }).join();
    auto response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 201);
    EXPECT_EQ(response->body, R"({"ok":true})");

    ASSERT_TRUE(client->send(http_request("GET", "/again")));
    auto second = http.requests.pop();
    ASSERT_TRUE(second) << "keep-alive: the next request on the same connection";
    EXPECT_GT(second->id, first->id);
    std::thread([&] { server->respond(second->id, 200, {}, "again"); }).join();
    response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, "again");
}

TEST_F(HttpServerTest, LargeBodyReachesASlowReaderWhole) {
    start();
    const std::string body = pattern(1 << 20);
    // A small receive window makes the socket take less than the server
    // writes, again and again.
    auto client = connect(4096);
    ASSERT_TRUE(client->send(http_request("GET", "/big")));
    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    std::thread([&] { server->respond(request->id, 200, {}, body); }).join();
    auto response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->header("content-length"), std::to_string(body.size()));
    EXPECT_EQ(response->body.size(), body.size());
    EXPECT_TRUE(response->body == body) << "the body arrived changed";
}

TEST_F(HttpServerTest, RequestBodiesArriveWhole) {
    http.handler = [this](HttpRequest request) {
        server->respond(request.id, 200, {{"x-method", request.method}}, request.body);
    };
    start();
    auto client = connect();
    const std::string big = pattern(300 * 1024);
    ASSERT_TRUE(client->send(http_request("POST", "/echo", {}, big)));
    auto response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_TRUE(response->body == big) << "echoed " << response->body.size() << " bytes";

    for (const char *method : {"PUT", "PATCH", "DELETE", "POST"}) {
        ASSERT_TRUE(client->send(http_request(method, "/echo", {}, method + std::string(" body"))));
        response = client->read_response();
        ASSERT_TRUE(response) << method;
        EXPECT_EQ(response->header("x-method"), method);
        EXPECT_EQ(response->body, method + std::string(" body"));
    }
}

TEST_F(HttpServerTest, EmptyPostIsDeliveredOnce) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("POST", "/empty", {"Content-Length: 0"})));
    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    EXPECT_TRUE(request->body.empty());
    server->respond(request->id, 200, {}, "");
    ASSERT_TRUE(client->read_response());
    EXPECT_EQ(http.requests.all().size(), 1u);
}

TEST_F(HttpServerTest, ExpectContinueGetsTheGoAheadBeforeTheBody) {
    http.handler = [this](HttpRequest request) {
        server->respond(request.id, 200, {}, request.body);
    };
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(
        http_request("POST", "/upload", {"Content-Length: 5", "Expect: 100-continue"})));
    auto interim = client->read_response();
    ASSERT_TRUE(interim);
    EXPECT_EQ(interim->status, 100);
    ASSERT_TRUE(client->send("hello"));
    auto response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello");
}

TEST_F(HttpServerTest, BodyOverTheCapIs413BeforeItIsRead) {
    config.max_http_body_bytes = 1000;
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("POST", "/upload", {"Content-Length: 4000"}) +
                             std::string(100, 'x')));
    auto response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
    EXPECT_TRUE(client->read_to_close()) << "the connection ends: the rest is never read";

    auto waiting = connect();
    ASSERT_TRUE(waiting->send(
        http_request("PUT", "/upload", {"Content-Length: 1001", "Expect: 100-continue"})));
    response = waiting->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413) << "a client waiting to send hears at once";

    auto exact = connect();
    ASSERT_TRUE(exact->send(http_request("POST", "/upload", {}, std::string(1000, 'y'))));
    auto request = http.requests.pop();
    ASSERT_TRUE(request) << "exactly the cap is accepted";
    EXPECT_EQ(request->body.size(), 1000u);
    EXPECT_EQ(http.requests.all().size(), 1u);
    server->respond(request->id, 200, {}, "");
}

TEST_F(HttpServerTest, BodyWithoutADeclaredLengthIs411) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("POST", "/upload")));
    auto response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 411);

    auto chunked = connect();
    ASSERT_TRUE(chunked->send(http_request("POST", "/upload", {"Transfer-Encoding: chunked"}) +
                              "5\r\nhello\r\n0\r\n\r\n"));
    response = chunked->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 411);
    EXPECT_TRUE(http.requests.all().empty());
}

TEST_F(HttpServerTest, MalformedLengthIs400) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("POST", "/upload", {"Content-Length: 5x"}) + "hello"));
    auto response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400);
}

TEST_F(HttpServerTest, HeadGetsTheHeadersOnly) {
    http.handler = [this](HttpRequest request) {
        server->respond(request.id, 200, {{"content-type", "text/plain"}}, "hello");
    };
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("HEAD", "/page")));
    auto response = client->read_response(HttpClient::kTimeout, false);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->header("content-length"), "5");
    ASSERT_TRUE(client->send(http_request("GET", "/page")));
    response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, "hello") << "no stray body bytes came after the HEAD answer";
}

TEST_F(HttpServerTest, ServerOwnsFramingAndDropsUnsafeHeaders) {
    http.handler = [this](HttpRequest request) {
        server->respond(request.id, 200,
                        {{"Content-Length", "999"},
                         {"connection", "close"},
                         {"x-split", "a\r\nset-cookie: evil=1"},
                         {"bad name", "x"},
                         {"Content-Type", "text/csv"},
                         {"x-fine", "yes"}},
                        "a,b");
    };
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/report")));
    auto response = client->read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->header("content-length"), "3");
    EXPECT_EQ(response->header("content-type"), "text/csv");
    EXPECT_EQ(response->header("x-fine"), "yes");
    EXPECT_FALSE(response->header("x-split"));
    EXPECT_FALSE(response->header("set-cookie"));
    EXPECT_EQ(response->body, "a,b");
    ASSERT_TRUE(client->send(http_request("GET", "/report")));
    EXPECT_TRUE(client->read_response()) << "the connection was kept despite 'connection: close'";
}

TEST_F(HttpServerTest, AnswersOnlyOnce) {
    start();
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/once")));
    auto request = http.requests.pop();
    ASSERT_TRUE(request);
    const uint64_t id = request->id;
    EXPECT_FALSE(server->respond(id, 99, {}, "")) << "not a final status";
    EXPECT_FALSE(server->respond(id, 600, {}, ""));
    EXPECT_FALSE(server->stream_begin(id, 1000, {}));
    EXPECT_EQ(server->stream_write(id, "x"), transport::StreamWrite::Gone) << "no stream begun";
    EXPECT_FALSE(server->stream_end(id));
    EXPECT_TRUE(server->respond(id, 200, {}, "first"));
    EXPECT_FALSE(server->respond(id, 200, {}, "second"));
    EXPECT_FALSE(server->stream_begin(id, 200, {}));
    EXPECT_EQ(client->read_response()->body, "first");
    EXPECT_FALSE(server->respond(id, 200, {}, "after the end"));

    EXPECT_FALSE(server->respond(id + 1000, 200, {}, "")) << "an id never issued";
    EXPECT_EQ(server->stream_write(id + 1000, "x"), transport::StreamWrite::Gone);
    EXPECT_FALSE(server->stream_end(id + 1000));
    EXPECT_TRUE(http.gone.all().empty()) << "an answered request is not gone";
}

} // namespace
} // namespace chatd::test
