// Plugins' HTTP routes on the WebSocket port, through the real binary: the
// request as the handler sees it, answers now and from another thread,
// Server-Sent Events streams, and the host's own 404, 405, 413 and 500.
#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"
#include "support/http_client.hpp"

#include <thread>

namespace chatd::test {
namespace {

using nlohmann::json;

class HttpRoutesTest : public IntegrationTest {
protected:
    void SetUp() override {
        plugins_ = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_HTTP_PLUGIN});
        start({.server = "max_http_body_bytes = 1024",
               .plugin_dir = plugins_->path(),
               .pipeline = {"rooms", "fixture_http"}});
    }

    std::unique_ptr<HttpClient> connect() {
        auto client = std::make_unique<HttpClient>();
        EXPECT_TRUE(client->connect(server().port()));
        return client;
    }

    HttpResponse exchange(std::string_view method, std::string_view target,
                          const std::vector<std::string> &headers = {},
                          std::string_view body = {}) {
        auto client = connect();
        EXPECT_TRUE(client->send(http_request(method, target, headers, body)));
        auto response = client->read_response();
        EXPECT_TRUE(response) << method << " " << target;
        return response.value_or(HttpResponse{});
    }

    std::unique_ptr<TempDir> plugins_;
};

TEST_F(HttpRoutesTest, TheHandlerSeesTheDecodedRequestAndAnswersAtOnce) {
    HttpResponse r = exchange("GET", "/fixture/echo/caf%C3%A9?x=1&x=2&y=a%20b",
                              {"X-Fixture: custom", "User-Agent: tester", "Cookie: a=0; c=cookie"});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "application/json");
    EXPECT_EQ(r.header("x-route"), "echo");
    json body = json::parse(r.body);
    EXPECT_EQ(body["method"], "GET");
    EXPECT_EQ(body["path"], "/fixture/echo/caf\xc3\xa9");
    EXPECT_EQ(body["name"], "caf\xc3\xa9");
    EXPECT_EQ(body["x"], "1");
    EXPECT_EQ(body["query"], "x=1&x=2&y=a b");
    EXPECT_EQ(body["header"], "custom");
    EXPECT_EQ(body["agent"], "tester");
    EXPECT_EQ(body["cookie"], "cookie");
    EXPECT_EQ(body["remote"], "127.0.0.1");
}

TEST_F(HttpRoutesTest, APostBodyReachesTheHandler) {
    HttpResponse r = exchange("POST", "/fixture/echo", {"Content-Type: text/plain"}, "hello body");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body)["body"], "hello body");
}

TEST_F(HttpRoutesTest, AGetRouteAnswersHeadWithTheHeadersOnly) {
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("HEAD", "/fixture/echo/x")));
    auto r = client->read_response(HttpClient::kTimeout, false);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("content-type"), "application/json");
    EXPECT_TRUE(r->body.empty());
}

TEST_F(HttpRoutesTest, AnAnswerFromAnotherThreadArrives) {
    HttpResponse r = exchange("GET", "/fixture/later");
    EXPECT_EQ(r.status, 202);
    EXPECT_EQ(r.body, "answered later\n");
}

TEST_F(HttpRoutesTest, UnknownPathsAre404AndOtherMethods405WithAllow) {
    HttpResponse missing = exchange("GET", "/nothing/here");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(json::parse(missing.body)["code"], "not_found");
    HttpResponse wrong = exchange("DELETE", "/fixture/echo/x");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_EQ(wrong.header("allow"), "GET, HEAD");
    EXPECT_EQ(json::parse(wrong.body)["code"], "method_not_allowed");
}

TEST_F(HttpRoutesTest, ABodyOverTheLimitIs413AndNeverReachesThePlugin) {
    HttpResponse r = exchange("POST", "/fixture/echo", {}, std::string(2000, 'x'));
    EXPECT_EQ(r.status, 413);
}

TEST_F(HttpRoutesTest, AHandlerThatThrowsIsAnswered500AndTheServerGoesOn) {
    EXPECT_EQ(exchange("GET", "/fixture/fail").status, 500);
    EXPECT_EQ(exchange("GET", "/fixture/echo/still").status, 200);
    EXPECT_NE(server().log_text().find("failing as asked"), std::string::npos);
}

TEST_F(HttpRoutesTest, AStreamDeliversSeveralEventsThenEnds) {
    auto client = connect();
    ASSERT_TRUE(client->send(http_request("GET", "/fixture/events?count=3")));
    auto head = client->read_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 200);
    EXPECT_EQ(head->header("content-type"), "text/event-stream");
    auto rest = client->read_to_close();
    ASSERT_TRUE(rest);
    EXPECT_EQ(*rest, "id: 1\ndata: event 1\n\nid: 2\ndata: event 2\n\nid: 3\ndata: event 3\n\n");
}

TEST_F(HttpRoutesTest, AnOpenStreamIsFedLaterAndItsPluginHearsWhenTheClientLeaves) {
    auto stream = connect();
    ASSERT_TRUE(stream->send(http_request("GET", "/fixture/feed")));
    ASSERT_TRUE(stream->read_head());
    ASSERT_TRUE(stream->read_until(": open\n\n"));

    Guest &guest = connect_guest();
    guest.ws.send_json({{"type", "feed"}, {"text", "first"}});
    auto fed = guest.ws.wait_for(has_fields({{"type", "fed"}}));
    ASSERT_TRUE(fed);
    EXPECT_EQ((*fed)["streams"], 1);
    EXPECT_TRUE(stream->read_until("data: first\n\n"));
    guest.ws.send_json({{"type", "feed"}, {"text", "second"}});
    EXPECT_TRUE(guest.ws.wait_for(has_fields({{"type", "fed"}})));
    EXPECT_TRUE(stream->read_until("data: second\n\n"));

    stream->close();
    // The plugin learns of it through on_http_gone; poll until it has.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    json gone;
    do {
        gone = json::parse(exchange("GET", "/fixture/gone").body);
        if (gone["gone"] == 1) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    EXPECT_EQ(gone["gone"], 1);
    guest.ws.send_json({{"type", "feed"}, {"text", "third"}});
    auto after = guest.ws.wait_for(has_fields({{"type", "fed"}}));
    ASSERT_TRUE(after);
    EXPECT_EQ((*after)["streams"], 0);
}

TEST_F(HttpRoutesTest, WebSocketClientsAndHttpShareThePort) {
    Guest &guest = connect_guest();
    EXPECT_EQ(exchange("GET", "/fixture/echo/a").status, 200);
    guest.ws.send_json({{"type", "ping"}, {"id", 1}});
    EXPECT_TRUE(guest.ws.wait_for(has_fields({{"type", "pong"}})));
}

class BrokenRouteTest : public IntegrationTest {};

// A malformed route is refused when registered; the plugin's init then
// fails, which stops chatd before it serves anything.
TEST_F(BrokenRouteTest, APluginWhoseRouteIsMalformedStopsChatdNamingTheRoute) {
    auto plugins = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_HTTP_PLUGIN});
    const RunResult r = run_chatd_with({.plugin_dir = plugins->path(),
                                        .pipeline = {"rooms", "fixture_http"},
                                        .tables = "[plugins.fixture_http]\nbad_route = true\n"});
    EXPECT_EQ(r.status.code, 1) << r.output;
    EXPECT_NE(r.output.find("/broken/{"), std::string::npos) << r.output;
    const auto lines = lines_with(r.output, "cannot start: plugin fixture_http from ");
    ASSERT_EQ(lines.size(), 1u) << r.output;
    EXPECT_NE(lines[0].find("failing after a refused route"), std::string::npos) << lines[0];
    EXPECT_TRUE(lines_with(r.output, "listening on").empty()) << r.output;
}

} // namespace
} // namespace chatd::test
