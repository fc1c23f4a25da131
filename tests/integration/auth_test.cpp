// The auth plugin seen through the real server: guests by default, password
// accounts and JWTs, a connection that is nobody until it authenticates and
// is closed when it does not in time, tokens checked before the upgrade, no
// secret in the server's log at the most verbose level, and invite-only rooms
// whose invitations outlive the server.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"
#include "support/http_client.hpp"
#include "support/jwt_mint.hpp"

#include "accounts/account_store.hpp"
#include "accounts/password_hash.hpp"

#include <ctime>

namespace chatd::test {
namespace {

using nlohmann::json;

const std::string kSecret = "an HS256 secret of at least 32 bytes";
const std::string kPassword = "correct horse battery staple";

std::string token_for(const std::string &user, int64_t expires_in = 600,
                      const json &roles = json::array({"admin"})) {
    const auto now = static_cast<int64_t>(std::time(nullptr));
    return jwt::mint_hs256(kSecret, {{"sub", user}, {"exp", now + expires_in}, {"roles", roles}});
}

class AuthTest : public IntegrationTest {
protected:
    // chatd at log level trace, the auth plugin configured with `lines`.
    ChatdProcess &start_auth(const std::string &lines) {
        return start({.server = "log_level = \"trace\"\n",
                      .pipeline = {"auth", "rooms"},
                      .tables = "[plugins.auth]\n" + lines});
    }
    std::string password_mode(const std::string &more = {}) {
        auth::AccountStore store({.path = accounts.path() / "auth.db"});
        const auth::PasswordParams cheap{.ops = 1, .mem_kib = 8};
        store.add("alice", auth::hash_password(kPassword, cheap), {"moderator"});
        return "mode = \"password\"\ndatabase = \"" + (accounts.path() / "auth.db").string() +
               "\"\n" + more;
    }
    // A client whose hello has come; it is not ready.
    WsClient &stranger(ConnectOptions options = {}) {
        auto &ws = new_client();
        options.port = server().port();
        EXPECT_TRUE(ws.connect(options));
        const auto hello = ws.recv_json();
        EXPECT_TRUE(hello && (*hello)["ready"] == false) << (hello ? hello->dump() : "no hello");
        return ws;
    }
    // A client let in by a token for user with roles, in the default room.
    WsClient &member(const std::string &user, const json &roles) {
        auto &ws = new_client();
        EXPECT_TRUE(ws.connect({.port = server().port(),
                                .path = "/chat?access_token=" + token_for(user, 600, roles)}));
        EXPECT_TRUE(ws.wait_for(has_fields({{"type", "joined"}, {"room", "lobby"}})));
        return ws;
    }
    void expect_no_secret(const std::vector<std::string> &secrets) {
        const std::string log = server().log_text();
        for (const std::string &secret : secrets)
            EXPECT_EQ(log.find(secret), std::string::npos) << "the log holds a secret: " << secret;
    }

    TempDir accounts;
};

TEST_F(AuthTest, OpenModeIsTheDefaultAndAGuestMayPickANickname) {
    start();
    auto &ann = connect_guest();
    auto &bob = connect_guest();
    EXPECT_EQ(ann.hello["ready"], true);
    const json ok = request(ann.ws, {{"type", "auth"}, {"user", "ann"}});
    EXPECT_EQ(ok["type"], "auth_ok");
    EXPECT_EQ(ok["roles"], json::array({"guest"}));
    EXPECT_TRUE(bob.ws.wait_for(has_fields(
        {{"type", "presence"}, {"event", "rename"}, {"user", "ann"}, {"was", ann.user}})));
    EXPECT_EQ(request(bob.ws, {{"type", "auth"}, {"user", "ANN"}})["code"], "name_taken");
}

TEST_F(AuthTest, APasswordAccountIsRefusedEverythingButAuthUntilItLogsIn) {
    start_auth(password_mode());
    auto &ws = stranger();
    EXPECT_EQ(request(ws, {{"type", "join"}, {"room", "dev"}})["code"], "not_authenticated");
    ws.send_text("hello?");
    const auto plain = ws.recv_json();
    ASSERT_TRUE(plain);
    EXPECT_EQ((*plain)["code"], "not_authenticated");

    const json wrong =
        request(ws, {{"type", "auth"}, {"user", "alice"}, {"password", "Tr0ub4dor&3"}});
    EXPECT_EQ(wrong["code"], "not_authenticated");
    const json nobody = request(ws, {{"type", "auth"}, {"user", "mallory"}, {"password", "x"}});
    EXPECT_EQ(nobody["message"], wrong["message"]);

    const json ok = request(ws, {{"type", "auth"}, {"user", "alice"}, {"password", kPassword}});
    EXPECT_EQ(ok["type"], "auth_ok");
    EXPECT_EQ(ok["user"], "alice");
    EXPECT_EQ(ok["roles"], json::array({"user", "moderator"}));
    const auto joined = ws.wait_for(has_fields({{"type", "joined"}, {"room", "lobby"}}));
    ASSERT_TRUE(joined);
    EXPECT_EQ((*joined)["members"], json::array({"alice"}));
    EXPECT_EQ(request(ws, {{"type", "message"}, {"text", "hi"}})["type"], "ack");
    expect_no_secret({kPassword, "Tr0ub4dor&3"});
}

TEST_F(AuthTest, AConnectionThatDoesNotAuthenticateInTimeIsClosedWith1008) {
    start_auth(password_mode("auth_timeout_s = 1\n"));
    auto &ws = stranger();
    EXPECT_EQ(ws.expect_close(5s), std::optional<std::uint16_t>(1008));
}

TEST_F(AuthTest, AValidTokenInTheUpgradeOpensAReadyConnectionAndABadOneGets401) {
    start_auth("mode = \"jwt\"\njwt_secret = \"" + kSecret + "\"\n");
    const std::string token = token_for("ann");
    auto &ws = new_client();
    ASSERT_TRUE(ws.connect({.port = server().port(), .path = "/chat?access_token=" + token}));
    const auto hello = ws.recv_json();
    ASSERT_TRUE(hello);
    EXPECT_EQ((*hello)["ready"], true);
    EXPECT_EQ((*hello)["user"], "ann");
    EXPECT_TRUE(ws.wait_for(has_fields({{"type", "auth_ok"}, {"user", "ann"}})));
    EXPECT_TRUE(ws.wait_for(has_fields({{"type", "joined"}, {"room", "lobby"}})));

    auto &bearer = new_client();
    ASSERT_TRUE(bearer.connect(
        {.port = server().port(), .headers = {{"Authorization", "Bearer " + token_for("bob")}}}));
    EXPECT_EQ(bearer.recv_json().value_or(json())["user"], "bob");

    auto &expired = new_client();
    const auto refused = expired.connect(
        {.port = server().port(), .path = "/chat?access_token=" + token_for("eve", -3600)});
    EXPECT_FALSE(refused);
    EXPECT_EQ(refused.http_status, 401);

    // Without a token in the upgrade, an auth frame carries it.
    auto &late = stranger();
    const std::string later = token_for("carol");
    EXPECT_EQ(request(late, {{"type", "auth"}, {"token", later}})["user"], "carol");
    expect_no_secret({token, later, kSecret});
}

TEST_F(AuthTest, RolesGateTopicChangesAndHistoryReads) {
    start_auth("mode = \"jwt\"\njwt_secret = \"" + kSecret +
               "\"\nroom_permissions = [\"dev topic=moderator read=moderator\"]\n");
    const auto as = [&](const std::string &user, const json &roles) -> WsClient & {
        auto &ws = member(user, roles);
        EXPECT_EQ(request(ws, {{"type", "join"}, {"room", "dev"}})["type"], "joined");
        return ws;
    };
    auto &ann = as("ann", json::array());
    auto &max = as("max", json::array({"moderator"}));
    EXPECT_EQ(request(ann, {{"type", "message"}, {"room", "dev"}, {"text", "hi"}})["type"], "ack");

    const json refused = request(ann, {{"type", "topic"}, {"room", "dev"}, {"topic", "mine"}});
    EXPECT_EQ(refused["code"], "forbidden");
    EXPECT_EQ(refused["message"], "only moderator may set the topic of room dev");
    EXPECT_EQ(request(max, {{"type", "topic"}, {"room", "dev"}, {"topic", "ours"}})["by"], "max");

    EXPECT_EQ(request(ann, {{"type", "history"}, {"room", "dev"}, {"latest", true}})["code"],
              "forbidden");
    // Coming back with `since` reads the history too, so the join is refused whole.
    ASSERT_EQ(request(ann, {{"type", "leave"}, {"room", "dev"}})["type"], "left");
    EXPECT_EQ(request(ann, {{"type", "join"}, {"room", "dev"}, {"since", 0}})["code"], "forbidden");
    EXPECT_EQ(request(ann, {{"type", "join"}, {"room", "dev"}})["type"], "joined");
    const json history = request(max, {{"type", "history"}, {"room", "dev"}, {"latest", true}});
    ASSERT_EQ(history["type"], "history") << history.dump();
    ASSERT_EQ(history["messages"].size(), 1u);
    EXPECT_EQ(history["messages"][0]["text"], "hi");
}

TEST_F(AuthTest, TheHistoryApiTakesTheSameTokensAndPermissions) {
    start_auth("mode = \"jwt\"\njwt_secret = \"" + kSecret +
               "\"\nroom_permissions = [\"dev read=moderator\"]\n");
    auto &max = new_client();
    ASSERT_TRUE(max.connect(
        {.port = server().port(),
         .path = "/chat?access_token=" + token_for("max", 600, json::array({"moderator"}))}));
    ASSERT_TRUE(max.wait_for(has_fields({{"type", "joined"}, {"room", "lobby"}})));
    ASSERT_EQ(request(max, {{"type", "join"}, {"room", "dev"}})["type"], "joined");
    ASSERT_EQ(request(max, {{"type", "message"}, {"room", "dev"}, {"text", "hi"}})["type"], "ack");

    const auto get = [&](const std::string &target, const std::vector<std::string> &headers = {}) {
        HttpClient client;
        EXPECT_TRUE(client.connect(server().port()));
        EXPECT_TRUE(client.send(http_request("GET", target, headers)));
        return client.read_response().value_or(HttpResponse{});
    };
    const std::string dev = "/api/v1/rooms/dev/messages";
    const std::string moderator = token_for("max", 600, json::array({"moderator"}));
    const std::string user = token_for("ann", 600, json::array());

    const HttpResponse anonymous = get(dev);
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(anonymous.header("www-authenticate"), "Bearer");
    EXPECT_EQ(json::parse(anonymous.body)["code"], "not_authenticated");
    EXPECT_EQ(get("/api/v1/rooms/lobby/messages").status, 401)
        << "jwt mode reads nothing anonymous";

    const HttpResponse expired = get(dev, {"Authorization: Bearer " + token_for("max", -3600)});
    EXPECT_EQ(expired.status, 401);
    EXPECT_EQ(json::parse(expired.body)["code"], "not_authenticated");

    const HttpResponse not_allowed = get(dev, {"Authorization: Bearer " + user});
    EXPECT_EQ(not_allowed.status, 403);
    EXPECT_EQ(json::parse(not_allowed.body)["message"],
              "only moderator may read the history of room dev");
    EXPECT_EQ(get("/api/v1/rooms/lobby/messages", {"Authorization: Bearer " + user}).status, 200);

    for (const HttpResponse &allowed :
         {get(dev, {"Authorization: Bearer " + moderator}), get(dev + "?access_token=" + moderator),
          get(dev, {"Cookie: chatd_token=" + moderator})}) {
        ASSERT_EQ(allowed.status, 200) << allowed.body;
        const json page = json::parse(allowed.body);
        ASSERT_EQ(page["messages"].size(), 1u);
        EXPECT_EQ(page["messages"][0]["text"], "hi");
    }
    expect_no_secret({moderator, user, kSecret});
}

TEST_F(AuthTest, AnInviteOnlyRoomLetsInWhomAModeratorInvitedAlsoAfterARestart) {
    const std::string config = "mode = \"jwt\"\njwt_secret = \"" + kSecret + "\"\ndatabase = \"" +
                               (accounts.path() / "auth.db").string() +
                               "\"\nroom_permissions = [\"staff invite=moderator,admin\"]\n";
    const json join_staff = {{"type", "join"}, {"room", "staff"}};
    start_auth(config);
    auto &bob = member("bob", json::array());
    auto &max = member("max", json::array({"moderator"}));
    const json refused = request(bob, join_staff);
    EXPECT_EQ(refused["code"], "forbidden");
    EXPECT_EQ(refused["message"], "room staff is invite-only");
    EXPECT_EQ(request(bob, {{"type", "invite"}, {"room", "staff"}, {"user", "carol"}})["code"],
              "forbidden");

    const json invited = request(max, {{"type", "invite"}, {"room", "staff"}, {"user", "bob"}});
    EXPECT_EQ(invited["type"], "invited") << invited.dump();
    EXPECT_EQ(invited["by"], "max");
    EXPECT_EQ(request(bob, join_staff)["type"], "joined");

    start_auth(config); // a new chatd on the same database
    auto &bob_again = member("bob", json::array());
    EXPECT_EQ(request(bob_again, join_staff)["type"], "joined");
    EXPECT_EQ(request(member("carol", json::array()), join_staff)["code"], "forbidden");
}

} // namespace
} // namespace chatd::test
