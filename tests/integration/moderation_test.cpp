// The moderation plugin seen through the real server, with a moderator and
// two users let in by tokens: kick, a ban that refuses the rejoin and
// outlives the server, a server-wide ban, a timed mute that lifts itself, a
// shadow mute nobody else sees and history never stores, a non-moderator
// refused, and a ban written into the file by another process (a bare
// INSERT, and chatctl's ban and mute) enforced.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"
#include "support/jwt_mint.hpp"

#include <chatd/storage/database.hpp>

#include <ctime>
#include <thread>

namespace chatd::test {
namespace {

using nlohmann::json;

const std::string kSecret = "an HS256 secret of at least 32 bytes";

class ModerationTest : public IntegrationTest {
protected:
    // chatd with jwt auth and the moderation database in the test's own
    // directory, which outlives a restart.
    void start_moderated(const std::string &more = {}) {
        start({.pipeline = {"rooms"},
               .tables = "[plugins.auth]\nmode = \"jwt\"\njwt_secret = \"" + kSecret +
                         "\"\n[plugins.moderation]\ndatabase = \"" + database().string() +
                         "\"\nreload_interval_ms = 200\n" + more});
    }
    std::filesystem::path database() const { return files.path() / "moderation.db"; }

    // A client let in by a token for user with roles: connected, nothing read.
    WsClient &signed_in(const std::string &user, const json &roles = json::array({"user"})) {
        const auto now = static_cast<int64_t>(std::time(nullptr));
        const std::string token =
            jwt::mint_hs256(kSecret, {{"sub", user}, {"exp", now + 600}, {"roles", roles}});
        auto &ws = new_client();
        EXPECT_TRUE(ws.connect({.port = server().port(), .path = "/chat?access_token=" + token}));
        return ws;
    }
    // The same, once in the default room.
    WsClient &member(const std::string &user, const json &roles = json::array({"user"})) {
        auto &ws = signed_in(user, roles);
        EXPECT_TRUE(ws.wait_for(has_fields({{"type", "joined"}, {"room", "lobby"}})));
        return ws;
    }
    WsClient &moderator() { return member("mia", json::array({"moderator"})); }

    // "ack" when the message is delivered, else the error's code.
    static std::string say(WsClient &ws, const std::string &text) {
        const json reply = request(ws, {{"type", "message"}, {"room", "lobby"}, {"text", text}});
        return reply["type"] == "error" ? reply.value("code", "") : reply.value("type", "");
    }
    static bool event(WsClient &ws, const std::string &action) {
        return ws.wait_for(has_fields({{"type", "moderation"}, {"action", action}})).has_value();
    }

    // chatctl ARGS on this server's moderation database.
    void chatctl(std::vector<std::string> args) const {
        args.insert(args.end(), {"--db", database().string()});
        const ProgramOutput run = run_program(CHATCTL_BINARY, args);
        EXPECT_EQ(run.status.code, 0) << run.status << "\n" << run.err;
    }

    TempDir files;
};

TEST_F(ModerationTest, AKickedUserMayComeBackABannedOneNotEvenAfterARestart) {
    start_moderated();
    auto &mia = moderator();
    auto &bob = member("bob");
    auto &eve = member("eve");
    EXPECT_EQ(request(eve, {{"type", "ban"}, {"room", "lobby"}, {"user", "bob"}})["code"],
              "forbidden");

    const json kicked = request(
        mia, {{"type", "kick"}, {"room", "lobby"}, {"user", "bob"}, {"reason", "calm down"}});
    EXPECT_EQ(kicked["type"], "moderated") << kicked;
    EXPECT_TRUE(event(eve, "kick"));
    EXPECT_TRUE(event(bob, "kick"));
    EXPECT_EQ(say(bob, "hello?"), "not_member");
    EXPECT_EQ(request(bob, {{"type", "join"}, {"room", "lobby"}})["type"], "joined");

    EXPECT_EQ(request(mia, {{"type", "ban"}, {"room", "lobby"}, {"user", "bob"}})["type"],
              "moderated");
    EXPECT_TRUE(event(eve, "ban"));
    EXPECT_EQ(request(bob, {{"type", "join"}, {"room", "lobby"}})["code"], "forbidden");

    start_moderated(); // a new chatd on the same database
    auto &bob_again = signed_in("bob");
    // Even the default room's automatic join is refused.
    EXPECT_TRUE(bob_again.wait_for(has_fields({{"type", "error"}, {"code", "forbidden"}})));
    EXPECT_EQ(request(bob_again, {{"type", "join"}, {"room", "lobby"}})["code"], "forbidden");
    EXPECT_EQ(request(bob_again, {{"type", "join"}, {"room", "elsewhere"}})["type"], "joined");
}

TEST_F(ModerationTest, AServerWideBanClosesTheUsersConnectionsWith1008) {
    start_moderated();
    auto &mia = moderator();
    auto &bob = member("bob");
    EXPECT_EQ(request(mia, {{"type", "ban"}, {"user", "bob"}, {"reason", "spam"}})["type"],
              "moderated");
    EXPECT_EQ(bob.expect_close(), 1008);
    auto &again = signed_in("bob");
    EXPECT_EQ(again.expect_close(), 1008);
}

TEST_F(ModerationTest, ATimedMuteRefusesMessagesUntilItLiftsItself) {
    start_moderated();
    auto &mia = moderator();
    auto &bob = member("bob");
    auto &eve = member("eve");
    EXPECT_EQ(
        request(mia,
                {{"type", "mute"}, {"room", "lobby"}, {"user", "bob"}, {"duration_s", 1}})["type"],
        "moderated");
    EXPECT_TRUE(event(eve, "mute"));
    EXPECT_EQ(say(bob, "let me speak"), "muted");
    const auto lifted = eve.wait_for(has_fields({{"type", "moderation"}, {"action", "unmute"}}),
                                     std::chrono::seconds(10));
    ASSERT_TRUE(lifted.has_value());
    EXPECT_EQ((*lifted)["by"], "chatd");
    EXPECT_EQ((*lifted)["reason"], "expired");
    EXPECT_EQ(say(bob, "thanks"), "ack");
    EXPECT_TRUE(eve.wait_for(has_fields({{"type", "message"}, {"text", "thanks"}})));
}

TEST_F(ModerationTest, AShadowMutedUserSeesTheirMessagesNobodyElseDoesAndHistoryKeepsNone) {
    start_moderated();
    auto &mia = moderator();
    auto &bob = member("bob");
    auto &eve = member("eve");
    EXPECT_EQ(request(mia, {{"type", "shadow_mute"}, {"room", "lobby"}, {"user", "bob"}})["type"],
              "moderated");
    bob.send_json({{"type", "message"}, {"room", "lobby"}, {"text", "cheap pills"}});
    EXPECT_TRUE(bob.wait_for(has_fields({{"type", "message"}, {"text", "cheap pills"}})));
    say(eve, "after");
    const json seen = request(mia, {{"type", "history"}, {"room", "lobby"}, {"latest", true}});
    ASSERT_EQ(seen["type"], "history") << seen;
    for (const json &message : seen["messages"])
        EXPECT_NE(message.value("text", ""), "cheap pills");
    EXPECT_FALSE(eve.transcript().find("cheap pills") != std::string::npos);
}

TEST_F(ModerationTest, ABanAnotherProcessWritesIntoTheFileIsEnforcedWithinSeconds) {
    start_moderated();
    auto &bob = member("bob");
    {
        storage::Database other(database());
        other
            .prepare(
                "INSERT INTO moderation_sanctions VALUES('ban', '', 'bob', 'ops', 'cli', 1, 0)")
            .run();
    }
    EXPECT_EQ(bob.expect_close(std::chrono::seconds(10)), 1008);
}

TEST_F(ModerationTest, AServerWideBanChatctlWritesClosesTheUsersConnectionWithinSeconds) {
    start_moderated();
    auto &bob = member("bob");
    chatctl({"ban", "bob", "--reason", "spam"});
    EXPECT_EQ(bob.expect_close(std::chrono::seconds(10)), 1008);
}

TEST_F(ModerationTest, AMuteChatctlWritesRefusesTheUsersMessagesWithinSeconds) {
    start_moderated();
    auto &bob = member("bob");
    chatctl({"mute", "bob", "--room", "lobby"});
    // Enforced at chatd's next look at the file (every 200 ms here); asked
    // again until then, no faster than the host's message rate allows.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::string reply = say(bob, "anyone?");
    while (reply == "ack" && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        reply = say(bob, "anyone?");
    }
    EXPECT_EQ(reply, "muted");
}

TEST_F(ModerationTest, AServerWideMuteSilencesDirectMessagesToo) {
    start_moderated();
    auto &mia = moderator();
    auto &bob = member("bob");
    auto &eve = member("eve");
    EXPECT_EQ(request(bob, {{"type", "dm"}, {"to", "eve"}, {"text", "hi eve"}})["type"], "ack");
    EXPECT_TRUE(eve.wait_for(has_fields({{"type", "message"}, {"text", "hi eve"}})));
    EXPECT_EQ(request(mia, {{"type", "mute"}, {"user", "bob"}})["type"], "moderated");
    EXPECT_EQ(request(bob, {{"type", "dm"}, {"to", "eve"}, {"text", "psst"}})["code"], "muted");
}

TEST_F(ModerationTest, ABurstOverTheFloodLimitIsRefusedWithRetryAfterAndNothingOfItStored) {
    start_moderated("rate_per_s = 0.01\nburst = 5\n");
    auto &bob = member("bob");
    auto &eve = member("eve");
    int delivered = 0;
    std::optional<json> refusal;
    for (int i = 0; i < 20; ++i) {
        const json reply = request(
            bob, {{"type", "message"}, {"room", "lobby"}, {"text", "burst " + std::to_string(i)}});
        if (reply["type"] == "ack")
            ++delivered;
        else if (!refusal)
            refusal = reply;
    }
    EXPECT_EQ(delivered, 5);
    ASSERT_TRUE(refusal.has_value());
    EXPECT_EQ((*refusal)["code"], "rate_limited");
    EXPECT_GT((*refusal)["retry_after_ms"].get<int64_t>(), 0);
    const json seen = request(eve, {{"type", "history"}, {"room", "lobby"}, {"latest", true}});
    EXPECT_EQ(seen["messages"].size(), 5u) << seen;
}

} // namespace
} // namespace chatd::test
