// Direct messages through the real server: a dm reaches every connection of
// both users exactly once and nobody else, and both can read it back from
// history. Password accounts, since one user with several connections is
// what a dm has to reach (open mode gives a nickname to one connection only).
#include "history_fixture.hpp"
#include "protocol_helpers.hpp"

#include "accounts/account_store.hpp"
#include "accounts/password_hash.hpp"

namespace chatd::test {
namespace {

using nlohmann::json;

const std::string kPassword = "correct horse battery staple";

class DirectMessagesTest : public HistoryTest {
protected:
    void SetUp() override {
        auth::AccountStore store({.path = accounts.path() / "auth.db"});
        const auth::PasswordParams cheap{.ops = 1, .mem_kib = 8};
        for (const char *user : {"alice", "bob", "carol"})
            store.add(user, auth::hash_password(kPassword, cheap), {});
        // An admin may read every room's history, but not a conversation of two.
        store.add("ada", auth::hash_password(kPassword, cheap), {"admin"});
        ChatdConfig with_history = config("read_roles = [\"admin\"]\n");
        with_history.pipeline = {"auth", "rooms"};
        with_history.tables += "[plugins.auth]\nmode = \"password\"\ndatabase = \"" +
                               (accounts.path() / "auth.db").string() + "\"\n";
        start(with_history);
    }
    // A connection logged in as `user` and settled in the default room.
    WsClient &login(const std::string &user) {
        WsClient &ws = new_client();
        EXPECT_TRUE(ws.connect({.port = server().port()}));
        EXPECT_EQ(request(ws, {{"type", "auth"}, {"user", user}, {"password", kPassword}})["type"],
                  "auth_ok");
        EXPECT_TRUE(ws.wait_for(has_fields({{"type", "joined"}, {"room", "lobby"}})));
        return ws;
    }

    TempDir accounts;
};

TEST_F(DirectMessagesTest, ADmReachesEveryConnectionOfBothUsersOnceAndIsReadBack) {
    WsClient &alice1 = login("alice");
    WsClient &alice2 = login("alice");
    WsClient &bob1 = login("bob");
    WsClient &bob2 = login("bob");
    WsClient &carol = login("carol");

    const json ack = request(alice1, {{"type", "dm"}, {"to", "bob"}, {"text", "psst"}});
    ASSERT_EQ(ack.value("type", ""), "ack") << ack;
    EXPECT_EQ(ack["room"], "dm:alice:bob");
    const json dm = {{"type", "message"}, {"room", "dm:alice:bob"}, {"seq", ack["seq"]},
                     {"from", "alice"},   {"text", "psst"},         {"to", "bob"}};
    for (WsClient *ws : {&alice1, &alice2, &bob1, &bob2}) {
        const auto got = ws->wait_for(has_fields(dm));
        ASSERT_TRUE(got) << ws->transcript();
        EXPECT_EQ((*got)["ts"], ack["ts"]);
        // A frame sent after the dm comes after it: a second copy would be
        // seen before the pong.
        EXPECT_FALSE(arrives_before_pong(*ws, has_fields({{"room", "dm:alice:bob"}})))
            << "delivered twice: " << ws->transcript();
    }
    EXPECT_FALSE(arrives_before_pong(carol, has_fields({{"room", "dm:alice:bob"}})))
        << carol.transcript();

    for (WsClient *ws : {&alice2, &bob1}) {
        const json page = request(
            *ws, {{"type", "history"}, {"room", "dm:alice:bob"}, {"latest", true}, {"limit", 10}});
        ASSERT_EQ(page.value("type", ""), "history") << page;
        ASSERT_EQ(page["messages"].size(), 1u) << page;
        EXPECT_EQ(page["messages"][0]["text"], "psst");
        EXPECT_EQ(page["messages"][0]["from"], "alice");
    }
    EXPECT_EQ(request(carol, {{"type", "history"}, {"room", "dm:alice:bob"}, {"latest", true}})
                  .value("code", ""),
              "not_member");
    EXPECT_EQ(request(carol, {{"type", "join"}, {"room", "dm:alice:bob"}}).value("code", ""),
              "forbidden");
    const json admin =
        request(login("ada"), {{"type", "history"}, {"room", "dm:alice:bob"}, {"latest", true}});
    EXPECT_EQ(admin.value("code", ""), "forbidden") << admin;
    EXPECT_EQ(admin.value("message", ""), "a direct-message room is only for its two users");

    // A connection of bob's that the dm never reached reads it too.
    const json later =
        request(login("bob"), {{"type", "history"}, {"room", "dm:alice:bob"}, {"latest", true}});
    EXPECT_EQ(later.value("messages", json::array()).size(), 1u) << later;
    // Nor is the conversation listed to others, or served over HTTP to anyone
    // the plugins do not know as one of its two.
    const json targets =
        request(carol, {{"type", "targets"}, {"after_ts", "2000-01-01T00:00:00Z"}});
    for (const json &room : targets.value("rooms", json::array()))
        EXPECT_NE(room["room"], "dm:alice:bob") << targets;
    const json bobs_targets =
        request(bob1, {{"type", "targets"}, {"after_ts", "2000-01-01T00:00:00Z"}});
    EXPECT_NE(bobs_targets.dump().find("dm:alice:bob"), std::string::npos) << bobs_targets;
    EXPECT_EQ(get("/api/v1/rooms/dm:alice:bob/messages").status, 401);
}

} // namespace
} // namespace chatd::test
