// The automatic limits as the plugin applies them to room messages: a burst
// over the flood limit, masked and refused words, repeats, the length in
// characters, escalation to a timed mute, and moderators left alone.
#include "moderation_fixture.hpp"

namespace chatd::moderation::testing {
namespace {

class AutoLimitsTest : public ModerationTest {
protected:
    void configure_moderation(TestHost &on) override {
        // A slow refill, so the burst is the whole test's allowance.
        on.set_config_double("rate_per_s", 0.01);
        on.set_config_int("burst", 3);
        on.set_config_strings("word_filter", {"mask:darn", "reject:spam*"});
        on.set_config_int("repeat_window_s", 60);
        on.set_config_int("max_chars", 10);
        on.set_config_strings("room_limits", {"quiet max_chars=3", "games filter=off repeat_s=0",
                                              "lenient strikes=0", "strict strikes=1 mute_s=5"});
        on.set_config_int("escalation_strikes", 3);
        on.set_config_int("escalation_mute_s", 30);
    }
    // The answer to a message of conn's in lobby.
    json say(chatd_conn_id conn, const std::string &text, const std::string &room = "lobby") {
        return answer(conn, {{"type", "message"},
                             {"room", room},
                             {"text", text},
                             {"id", "m" + std::to_string(++said_)}});
    }
    // The text of the last message conn was sent, "" if none.
    std::string last_text(chatd_conn_id conn) {
        host.settle();
        std::string text;
        for (const json &frame : host.take(conn))
            if (frame.value("type", "") == "message") text = frame.value("text", "");
        return text;
    }

private:
    int said_ = 0;
};

TEST_F(AutoLimitsTest, ABurstOverTheFloodLimitIsRefusedWithWhenToTryAgain) {
    const chatd_conn_id bob1 = user("bob");
    const chatd_conn_id bob2 = user("bob");
    EXPECT_EQ(say(bob1, "one")["type"], "ack");
    EXPECT_EQ(say(bob2, "two")["type"], "ack");
    EXPECT_EQ(say(bob1, "three")["type"], "ack");
    // The bucket is the user's, whichever connection posts.
    const json refused = say(bob2, "four");
    EXPECT_EQ(refused.value("code", ""), "rate_limited") << refused;
    EXPECT_GT(refused.value("retry_after_ms", 0), 90'000);
    // Another user has a bucket of their own, and moderators none.
    EXPECT_EQ(say(user("eve"), "mine")["type"], "ack");
    const chatd_conn_id mia = moderator();
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(say(mia, "note " + std::to_string(i))["type"], "ack");
}

TEST_F(AutoLimitsTest, WordsAreMaskedOrRefusedAndRepeatsAndLongTextsRefused) {
    const chatd_conn_id bob = user("bob");
    const chatd_conn_id eve = user("eve");
    host.clear_outboxes();
    EXPECT_EQ(say(bob, "oh D-A-R-N")["type"], "ack");
    EXPECT_EQ(last_text(eve), "oh *******"); // the dashes between the letters too
    EXPECT_EQ(say(bob, "spammy")["code"], "filtered");
    EXPECT_EQ(say(bob, "oh D-A-R-N")["code"], "repeated");
    EXPECT_EQ(say(eve, "ééééééééééé")["code"], "too_large"); // 11 characters, 22 bytes
    EXPECT_EQ(say(eve, "éééééééééé")["type"], "ack");
    EXPECT_EQ(say(eve, "four", "quiet").value("code", ""), "not_member");
    // A room of its own limits: no filter, repeats allowed.
    EXPECT_EQ(answer(eve, {{"type", "join"}, {"room", "games"}, {"id", "j"}})["type"], "joined");
    EXPECT_EQ(say(eve, "spam", "games")["type"], "ack");
    EXPECT_EQ(say(eve, "spam", "games")["type"], "ack");
}

TEST_F(AutoLimitsTest, RepeatedRefusalsEarnATimedMuteThatTheRoomHearsOf) {
    const chatd_conn_id bob = user("bob");
    const chatd_conn_id eve = user("eve");
    host.clear_outboxes();
    EXPECT_EQ(say(bob, "spam")["code"], "filtered");
    EXPECT_EQ(say(bob, "spam!")["code"], "filtered");
    EXPECT_EQ(say(bob, "spamspam")["code"], "filtered");
    // The mute is stored first; then it holds and is told.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    bool told = false;
    while (!told && std::chrono::steady_clock::now() < deadline)
        told = saw_event(eve, "mute");
    EXPECT_TRUE(told);
    EXPECT_EQ(say(bob, "hello")["code"], "muted");
    host.advance(30'000);
    EXPECT_EQ(say(bob, "hello")["type"], "ack");
}

TEST_F(AutoLimitsTest, ARoomSetsHowManyRefusalsEarnAMuteThereAndForHowLong) {
    const chatd_conn_id bob = user("bob");
    const chatd_conn_id eve = user("eve");
    for (const chatd_conn_id conn : {bob, eve})
        for (const std::string room : {"lenient", "strict"})
            ASSERT_EQ(answer(conn, {{"type", "join"}, {"room", room}, {"id", "j"}})["type"],
                      "joined");
    host.clear_outboxes();
    // Refusals in a room of strikes=0 never earn a mute, however many.
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(say(bob, "spam " + std::to_string(i), "lenient")["code"], "filtered");
    EXPECT_FALSE(saw_event(eve, "mute"));
    const json talking = say(bob, "still here", "lenient");
    EXPECT_EQ(talking["type"], "ack") << talking;
    // One refusal in a room of strikes=1 does, for its own mute_s, there.
    EXPECT_EQ(say(bob, "spam", "strict")["code"], "filtered");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    json told;
    while (told.is_null() && std::chrono::steady_clock::now() < deadline) {
        host.settle();
        for (const json &frame : host.take(eve))
            if (frame.value("type", "") == "moderation" && frame.value("action", "") == "mute")
                told = frame;
    }
    ASSERT_FALSE(told.is_null());
    EXPECT_EQ(told.value("room", ""), "strict");
    EXPECT_EQ(told.value("duration_s", 0), 5);
    EXPECT_EQ(say(bob, "hello", "strict")["code"], "muted");
    EXPECT_EQ(say(bob, "hello", "lenient")["type"], "ack") << "the mute is the room's";
    host.advance(5'000);
    EXPECT_EQ(say(bob, "back", "strict")["type"], "ack");
}

} // namespace
} // namespace chatd::moderation::testing
