// Moderators' commands against the plugin in the test host: who may use
// them, what each enforces on every connection of the user, what the room
// is told, what survives a restart, and timed sanctions lifting themselves.
#include "moderation_fixture.hpp"

#include <chatd/storage/database.hpp>

namespace chatd::moderation::testing {
namespace {

class ModerationPluginTest : public ModerationTest {
protected:
    // "ack" when conn's message is delivered, else the refusal's code.
    std::string send(chatd_conn_id conn, const std::string &text,
                     const std::string &room = "lobby") {
        const json reply = answer(conn, {{"type", "message"},
                                         {"room", room},
                                         {"text", text},
                                         {"id", "m" + std::to_string(++messages_)}});
        if (reply.is_null()) return "timeout";
        return reply["type"] == "error" ? reply["code"].get<std::string>()
                                        : reply["type"].get<std::string>();
    }
    bool received_text(chatd_conn_id conn, const std::string &text) {
        host.settle();
        for (const json &frame : host.take(conn))
            if (frame.value("type", "") == "message" && frame.value("text", "") == text)
                return true;
        return false;
    }

private:
    int messages_ = 0;
};

TEST_F(ModerationPluginTest, OnlyModeratorsAndAdminsMayModerate) {
    const chatd_conn_id bob = user("bob");
    user("eve");
    for (const char *action : {"kick", "ban", "mute", "unban", "unmute", "shadow_mute"}) {
        const json reply = command(bob, {{"type", action}, {"room", "lobby"}, {"user", "eve"}});
        EXPECT_EQ(reply.value("code", ""), "forbidden") << action << ": " << reply;
    }
    EXPECT_EQ(command(bob, {{"type", "bans"}}).value("code", ""), "forbidden");
    EXPECT_EQ(command(moderator(), {{"type", "audit"}}).value("code", ""), "forbidden");
}

TEST_F(ModerationPluginTest, CommandsAreCheckedBeforeAnythingIsStored) {
    const chatd_conn_id mia = moderator();
    const chatd_conn_id boss = as("boss", {"admin"});
    user("bob");
    EXPECT_EQ(command(mia, {{"type", "ban"}, {"room", "lobby"}}).value("code", ""), "bad_request");
    EXPECT_EQ(command(mia, {{"type", "ban"}, {"user", "bob"}, {"duration_s", 0}}).value("code", ""),
              "bad_request");
    EXPECT_EQ(
        command(mia, {{"type", "kick"}, {"user", "bob"}, {"duration_s", 5}}).value("code", ""),
        "bad_request");
    EXPECT_EQ(
        command(mia, {{"type", "ban"}, {"user", "bob"}, {"room", "no room!"}}).value("code", ""),
        "bad_request");
    EXPECT_EQ(command(mia, {{"type", "mute"}, {"user", "MIA"}}).value("code", ""), "bad_request");
    EXPECT_EQ(command(mia, {{"type", "ban"}, {"user", "boss"}}).value("code", ""), "forbidden");
    EXPECT_EQ(command(mia, {{"type", "unban"}, {"user", "bob"}}).value("code", ""), "not_found");
    EXPECT_EQ(command(mia, {{"type", "kick"}, {"user", "nobody"}}).value("code", ""), "not_found");
    // An admin may act on a moderator; a moderator may not.
    const chatd_conn_id max = moderator("max");
    EXPECT_EQ(command(max, {{"type", "mute"}, {"user", "mia"}}).value("code", ""), "forbidden");
    EXPECT_EQ(command(boss, {{"type", "mute"}, {"user", "mia"}}).value("type", ""), "moderated");
}

TEST_F(ModerationPluginTest, AKickTakesEveryConnectionOfTheUserOutOfTheRoomAndTellsIt) {
    const chatd_conn_id mia = moderator();
    const chatd_conn_id bob1 = user("bob");
    const chatd_conn_id bob2 = user("Bob");
    const chatd_conn_id eve = user("eve");
    host.clear_outboxes();
    const json done =
        command(mia, {{"type", "kick"}, {"room", "lobby"}, {"user", "bob"}, {"reason", "spam"}});
    EXPECT_EQ(done["type"], "moderated");
    EXPECT_EQ(done["action"], "kick");
    EXPECT_EQ(done["by"], "mia");
    EXPECT_TRUE(saw_event(eve, "kick"));
    EXPECT_TRUE(saw_event(bob1, "kick"));
    EXPECT_EQ(send(bob1, "still here?"), "not_member");
    EXPECT_EQ(send(bob2, "still here?"), "not_member");
    // A kick is no ban: he may come back.
    EXPECT_EQ(answer(bob1, {{"type", "join"}, {"room", "lobby"}, {"id", 1}})["type"], "joined");
}

TEST_F(ModerationPluginTest, ABannedUserCannotRejoinAndTheBanSurvivesARestart) {
    const chatd_conn_id mia = moderator();
    const chatd_conn_id bob = user("bob");
    const chatd_conn_id eve = user("eve");
    host.clear_outboxes();
    EXPECT_EQ(command(mia, {{"type", "ban"}, {"room", "lobby"}, {"user", "bob"}})["type"],
              "moderated");
    EXPECT_TRUE(saw_event(eve, "ban"));
    EXPECT_EQ(send(bob, "hello"), "not_member");
    EXPECT_EQ(error_code(bob, {{"type", "join"}, {"room", "lobby"}, {"id", 1}}), "forbidden");
    // Other rooms are open to him.
    EXPECT_EQ(answer(bob, {{"type", "join"}, {"room", "other"}, {"id", 2}})["type"], "joined");
    EXPECT_EQ(denial(bob, CHATD_ACTION_READ, "lobby").substr(0, 26), "you are banned from room l");

    host.shutdown();
    TestHost restarted;
    load_on(restarted);
    const chatd_conn_id again = as_on(restarted, "BOB", {"user"});
    const json refused =
        answer_on(restarted, again, {{"type", "join"}, {"room", "lobby"}, {"id", 3}});
    EXPECT_EQ(refused.value("code", ""), "forbidden") << refused;
}

TEST_F(ModerationPluginTest, AServerWideBanClosesEveryConnectionAndEveryLaterOne) {
    const chatd_conn_id mia = moderator();
    const chatd_conn_id bob1 = user("bob");
    const chatd_conn_id bob2 = user("bob");
    EXPECT_EQ(command(mia, {{"type", "ban"}, {"user", "bob"}, {"reason", "spam"}})["type"],
              "moderated");
    for (chatd_conn_id conn : {bob1, bob2}) {
        const auto closed = host.close_request(conn);
        ASSERT_TRUE(closed.has_value());
        EXPECT_EQ(closed->code, 1008);
    }
    const chatd_conn_id later = user("bob");
    ASSERT_TRUE(host.close_request(later).has_value());
    EXPECT_EQ(host.close_request(later)->code, 1008);
}

TEST_F(ModerationPluginTest, AMutedUserGetsMutedUntilATimedMuteExpires) {
    const chatd_conn_id mia = moderator();
    const chatd_conn_id bob = user("bob");
    const chatd_conn_id eve = user("eve");
    EXPECT_EQ(
        command(mia, {{"type", "mute"}, {"room", "lobby"}, {"user", "bob"}, {"duration_s", 60}})
            .value("duration_s", 0),
        60);
    EXPECT_EQ(send(bob, "let me talk"), "muted");
    EXPECT_EQ(error_code(bob, {{"type", "topic"}, {"room", "lobby"}, {"topic", "x"}, {"id", 1}}),
              "muted");
    EXPECT_EQ(send(bob, "elsewhere", "lobby"), "muted");
    host.clear_outboxes();
    host.advance(59'000);
    EXPECT_EQ(send(bob, "still?"), "muted");
    host.advance(1'000);
    EXPECT_TRUE(saw_event(eve, "unmute"));
    EXPECT_EQ(send(bob, "free"), "ack");
}

TEST_F(ModerationPluginTest, AShadowMutedUsersMessagesReachOnlyThemselves) {
    const chatd_conn_id mia = moderator();
    const chatd_conn_id bob = user("bob");
    const chatd_conn_id eve = user("eve");
    host.clear_outboxes();
    EXPECT_EQ(command(mia, {{"type", "shadow_mute"}, {"room", "lobby"}, {"user", "bob"}})["type"],
              "moderated");
    EXPECT_FALSE(saw_event(eve, "shadow_mute"));
    EXPECT_FALSE(saw_event(bob, "shadow_mute"));
    const Frames echoed = host.run_frame(
        bob, json{{"type", "message"}, {"room", "lobby"}, {"text", "buy now"}}.dump());
    ASSERT_EQ(echoed.size(), 1u);
    EXPECT_EQ(echoed[0]["type"], "message");
    EXPECT_EQ(echoed[0]["text"], "buy now");
    EXPECT_EQ(echoed[0]["from"], "bob");
    EXPECT_FALSE(received_text(eve, "buy now"));
    // Lifted as quietly as it was set.
    EXPECT_EQ(command(mia, {{"type", "unmute"}, {"room", "lobby"}, {"user", "bob"}})["type"],
              "moderated");
    EXPECT_FALSE(saw_event(eve, "unmute"));
    EXPECT_FALSE(saw_event(bob, "unmute"));
    host.run_frame(bob, json{{"type", "message"}, {"room", "lobby"}, {"text", "hi"}}.dump());
    EXPECT_TRUE(received_text(eve, "hi"));
}

TEST_F(ModerationPluginTest, TheAuditLogListsEveryActionNewestFirstForAdmins) {
    const chatd_conn_id mia = moderator();
    const chatd_conn_id boss = as("boss", {"admin"});
    user("bob");
    command(mia, {{"type", "mute"}, {"user", "bob"}, {"reason", "rude"}});
    command(mia, {{"type", "unmute"}, {"user", "bob"}});
    command(mia, {{"type", "kick"}, {"room", "lobby"}, {"user", "bob"}});
    const json page = command(boss, {{"type", "audit"}, {"limit", 2}});
    ASSERT_EQ(page["entries"].size(), 2u) << page;
    EXPECT_EQ(page["entries"][0]["action"], "kick");
    EXPECT_EQ(page["entries"][1]["action"], "unmute");
    const json rest = command(boss, {{"type", "audit"}, {"before", page["before"]}});
    ASSERT_EQ(rest["entries"].size(), 1u) << rest;
    EXPECT_EQ(rest["entries"][0]["reason"], "rude");
    EXPECT_FALSE(rest.contains("before"));
}

TEST_F(ModerationPluginTest, BansListsWhatHoldsNow) {
    const chatd_conn_id mia = moderator();
    command(mia, {{"type", "ban"}, {"room", "lobby"}, {"user", "bob"}});
    command(mia, {{"type", "mute"}, {"user", "eve"}, {"duration_s", 30}});
    command(mia, {{"type", "ban"}, {"room", "other"}, {"user", "zed"}});
    const json list = command(mia, {{"type", "bans"}, {"room", "lobby"}});
    ASSERT_EQ(list["sanctions"].size(), 2u) << list;
    EXPECT_EQ(list["sanctions"][0]["kind"], "mute");
    EXPECT_EQ(list["sanctions"][1]["user"], "bob");
}

TEST_F(ModerationPluginTest, ABanAnotherProcessWroteIsEnforcedWithinTheReloadInterval) {
    const chatd_conn_id bob = user("bob");
    {
        storage::Database other(moderation_db());
        other
            .prepare(
                "INSERT INTO moderation_sanctions VALUES('ban', '', 'bob', 'ops', 'cli', 1, 0)")
            .run();
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!host.close_request(bob) && std::chrono::steady_clock::now() < deadline) {
        host.advance(2000);
        host.settle();
    }
    ASSERT_TRUE(host.close_request(bob).has_value());
    EXPECT_EQ(host.close_request(bob)->code, 1008);
}

} // namespace
} // namespace chatd::moderation::testing
