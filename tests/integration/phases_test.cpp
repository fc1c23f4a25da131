// ABI 1.1 as a client sees it: the phases a frame walks, a commit stage that
// persists on another thread before the host delivers, readiness gating, and
// a plugin built against ABI 1.0 working unchanged.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"

#include <filesystem>
#include <memory>

namespace chatd::test {
namespace {

using nlohmann::json;

class PhasesTest : public IntegrationTest {
protected:
    void SetUp() override {
        plugins_ = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_PHASES_PLUGIN});
        start({.plugin_dir = plugins_->path(), .pipeline = {"fixture_phases", "rooms"}});
    }
    static json trail(WsClient &ws) { return request(ws, {{"type", "trace"}})["trail"]; }

    std::unique_ptr<TempDir> plugins_;
};

TEST_F(PhasesTest, AFrameWalksThePhasesInOrder) {
    auto &a = connect_guest();
    // Plain text is a message with its room before the first stage sees it:
    // rooms resolves it, after fixture_phases' own resolve stage in this order.
    a.ws.send_text("hello");
    ASSERT_TRUE(a.ws.wait_for(has_fields({{"type", "ack"}})));
    EXPECT_EQ(trail(a.ws), json({"resolve:message", "identify:message", "authorize:message",
                                 "handle:message", "commit:message"}));

    request(a.ws, {{"type", "join"}, {"room", "dev"}});
    // rooms does the join in the handle phase and lets it go on, so that
    // commit stages (history's replay) complete its answer.
    EXPECT_EQ(trail(a.ws), json({"resolve:join", "identify:join", "authorize:join", "handle:join",
                                 "commit:join"}));
}

TEST_F(PhasesTest, TheCommittedRecordIsExactlyWhatIsDeliveredAndAcked) {
    auto &a = connect_guest();
    auto &b = connect_guest();
    json ack = request(a.ws, {{"type", "message"}, {"room", "lobby"}, {"text", "keep me"}});
    EXPECT_EQ(ack["seq"], 1000) << "the commit stage chose the seq";
    EXPECT_EQ(ack["ts"], "2025-12-01T00:00:01.000Z") << "and the time";

    auto delivered = b.ws.wait_for(has_fields({{"type", "message"}, {"text", "keep me"}}));
    ASSERT_TRUE(delivered);
    EXPECT_EQ((*delivered)["seq"], ack["seq"]);
    EXPECT_EQ((*delivered)["ts"], ack["ts"]);
    json stored = request(a.ws, {{"type", "stored"}})["records"];
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0], *delivered) << "fanned out exactly what was stored";

    // Plain text goes through the same commit.
    a.ws.send_text("second");
    auto second = a.ws.wait_for(has_fields({{"type", "ack"}}));
    ASSERT_TRUE(second);
    EXPECT_EQ((*second)["seq"], 1001);
}

class ReadinessTest : public IntegrationTest {
protected:
    void SetUp() override {
        plugins_ = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_GATE_PLUGIN, CHATD_LEGACY_PLUGIN});
        start({.plugin_dir = plugins_->path(),
               .pipeline = {"fixture_gate", "rooms", "fixture_legacy"}});
    }
    // A connection that has its hello: greeted, but not ready.
    WsClient &arrive() {
        WsClient &ws = new_client();
        EXPECT_TRUE(ws.connect({.port = server().port()}));
        auto hello = ws.wait_for(has_fields({{"type", "hello"}}));
        EXPECT_TRUE(hello);
        if (hello) {
            EXPECT_EQ((*hello)["ready"], false);
            EXPECT_FALSE(hello->contains("user")) << "no identity is known yet";
        }
        return ws;
    }
    std::unique_ptr<TempDir> plugins_;
};

TEST_F(ReadinessTest, NothingButTheGateSeesAConnectionBeforeItIsReady) {
    WsClient &ws = arrive();
    EXPECT_TRUE(ws.wait_for(has_fields({{"type", "gate"}}))) << "1.1 on_open runs before ready";
    EXPECT_EQ(request(ws, {{"type", "join"}, {"room", "dev"}})["code"], "not_authenticated");
    ws.send_text("plain text too");
    EXPECT_TRUE(ws.wait_for(has_fields({{"type", "error"}, {"code", "not_authenticated"}})));
    EXPECT_FALSE(arrives_before_pong(ws, has_fields({{"type", "joined"}})))
        << "no auto-join before ready";
    EXPECT_FALSE(arrives_before_pong(ws, has_fields({{"type", "legacy_hello"}})))
        << "a 1.0 plugin's on_open waits for the identity";

    EXPECT_EQ(request(ws, {{"type", "auth"}, {"user", "alice"}})["type"], "auth_ok");
    auto joined = ws.wait_for(has_fields({{"type", "joined"}, {"room", "lobby"}}));
    ASSERT_TRUE(joined);
    EXPECT_EQ((*joined)["members"], json({"alice"}));
    EXPECT_TRUE(ws.wait_for(has_fields({{"type", "legacy_hello"}, {"user", "alice"}})));
    EXPECT_EQ(request(ws, {{"type", "auth"}, {"user", "again"}})["code"], "bad_request");
}

TEST_F(ReadinessTest, OthersSeeAConnectionOnlyOnceItIsReady) {
    WsClient &alice = arrive();
    request(alice, {{"type", "auth"}, {"user", "alice"}});
    ASSERT_TRUE(alice.wait_for(has_fields({{"type", "joined"}})));

    WsClient &bob = arrive();
    WsClient &carol = arrive();
    ASSERT_TRUE(answers_ping(bob));
    ASSERT_TRUE(answers_ping(carol));
    EXPECT_FALSE(arrives_before_pong(alice, has_fields({{"type", "presence"}})));
    carol.drop(); // leaves without ever being ready: nobody is told
    request(bob, {{"type", "auth"}, {"user", "bob"}});
    auto presence = alice.wait_for(has_fields({{"type", "presence"}}));
    ASSERT_TRUE(presence);
    EXPECT_EQ(*presence,
              json({{"type", "presence"}, {"room", "lobby"}, {"user", "bob"}, {"event", "join"}}));
}

TEST_F(ReadinessTest, APluginBuiltAgainstAbi10WorksUnchanged) {
    WsClient &ws = arrive();
    request(ws, {{"type", "auth"}, {"user", "dora"}});
    ASSERT_TRUE(ws.wait_for(has_fields({{"type", "legacy_hello"}})));
    json legacy = request(ws, {{"type", "legacy"}});
    EXPECT_EQ(legacy["abi"], "1.0");
    ws.send_text("/legacy");
    auto delivered = ws.wait_for(has_fields({{"type", "message"}}));
    ASSERT_TRUE(delivered);
    EXPECT_EQ((*delivered)["text"], "rewritten by a 1.0 plugin");
    EXPECT_EQ((*delivered)["from"], "dora");
    const std::string log = server().log_text();
    EXPECT_NE(log.find("plugin fixture_legacy 1.0.0 (ABI 1.0)"), std::string::npos) << log;
}

class HandshakeTest : public IntegrationTest {
protected:
    void SetUp() override {
        plugins_ = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_GATE_PLUGIN});
        start({.plugin_dir = plugins_->path(), .pipeline = {"fixture_gate", "rooms"}});
    }
    // Connects with the options given and returns the hello.
    json hello(WsClient &ws, ConnectOptions options) {
        options.port = server().port();
        auto connected = ws.connect(options);
        EXPECT_TRUE(connected) << connected.error;
        auto frame = ws.wait_for(has_fields({{"type", "hello"}}));
        EXPECT_TRUE(frame);
        return frame.value_or(json());
    }
    std::unique_ptr<TempDir> plugins_;
};

TEST_F(HandshakeTest, ATokenInTheQueryOpensTheConnectionReadyWithItsIdentity) {
    WsClient &ws = new_client();
    json greeting = hello(ws, {.path = "/chat?access_token=good-alice"});
    EXPECT_EQ(greeting["user"], "alice");
    EXPECT_EQ(greeting["ready"], true);
    auto joined = ws.wait_for(has_fields({{"type", "joined"}}));
    ASSERT_TRUE(joined);
    EXPECT_EQ((*joined)["members"], json({"alice"}));
    json me = request(ws, {{"type", "whoami"}});
    EXPECT_EQ(me["roles"], json({"member"}));
}

TEST_F(HandshakeTest, CookiesHeadersAndPercentEncodingAreReadAsSent) {
    WsClient &by_cookie = new_client();
    EXPECT_EQ(hello(by_cookie, {.headers = {{"Cookie", "theme=dark; token=good-bob"}}})["user"],
              "bob");
    WsClient &by_header = new_client();
    EXPECT_EQ(hello(by_header, {.headers = {{"Authorization", "Bearer good-carol"}}})["user"],
              "carol");
    WsClient &encoded = new_client();
    EXPECT_EQ(hello(encoded, {.path = "/chat?x=1&access_token=good-%C3%A9mile"})["user"],
              "\xc3\xa9mile");
}

TEST_F(HandshakeTest, ABadTokenIsRefusedWithTheHooksStatusBeforeTheUpgrade) {
    auto result = new_client().connect({.port = server().port(), .path = "/chat?access_token=bad"});
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.http_status, 401) << result.error;
    const std::string log = server().log_text();
    EXPECT_NE(log.find("[fixture_gate] refused the upgrade"), std::string::npos) << log;
}

TEST_F(HandshakeTest, APausedHandshakeAcceptedFromAnotherThreadOpensThen) {
    WsClient &ws = new_client();
    ASSERT_TRUE(ws.connect({.port = server().port(), .path = "/chat?access_token=later-dave"}));
    ws.send_json({{"type", "ping"}, {"id", "early"}}); // waits while the connection is held
    auto greeting = ws.wait_for(has_fields({{"type", "hello"}}));
    ASSERT_TRUE(greeting);
    EXPECT_EQ((*greeting)["user"], "dave");
    EXPECT_EQ((*greeting)["ready"], true);
    EXPECT_TRUE(ws.wait_for(has_fields({{"type", "pong"}, {"id", "early"}})));
    EXPECT_TRUE(ws.wait_for(has_fields({{"type", "joined"}})));
}

TEST_F(HandshakeTest, APausedHandshakeRefusedLaterClosesWith4000PlusTheStatus) {
    WsClient &ws = new_client();
    ASSERT_TRUE(ws.connect({.port = server().port(), .path = "/chat?access_token=later-deny"}));
    EXPECT_EQ(ws.expect_close(), 4403);
}

TEST_F(HandshakeTest, WithoutATokenTheConnectionWaitsForTheAuthFrame) {
    WsClient &ws = new_client();
    json greeting = hello(ws, {});
    EXPECT_EQ(greeting["ready"], false);
    EXPECT_FALSE(greeting.contains("user"));
    EXPECT_EQ(request(ws, {{"type", "whoami"}})["ready"], false);
}

} // namespace
} // namespace chatd::test
