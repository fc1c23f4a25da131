// Presence at scale: told at once in a room that fits a joined frame,
// gathered per tick above that, and not at all above presence_max_members.
#include "rooms_fixture.hpp"

#include <algorithm>

namespace chatd::rooms::testing {
namespace {

// A joined frame lists two members, so a room of three or more has its
// presence gathered for a 50 ms tick.
class GatheredPresenceTest : public RoomsTest {
protected:
    void SetUp() override {
        host.set_config_int("default_limit", 2);
        host.set_config_int("presence_tick_ms", 50);
        load();
    }

    // The tick's frame in the lobby.
    static json tick(const std::vector<std::string> &joined, const std::vector<std::string> &left,
                     std::size_t members_total) {
        return {{"type", "presence"},
                {"room", "lobby"},
                {"joined", joined},
                {"left", left},
                {"members_total", members_total}};
    }

    // `count` connections in the lobby, every presence told, outboxes empty.
    std::vector<chatd_conn_id> settled_lobby(std::size_t count) {
        std::vector<chatd_conn_id> conns;
        for (std::size_t i = 0; i < count; ++i)
            conns.push_back(host.connect());
        host.advance(50);
        host.clear_outboxes();
        return conns;
    }
};

TEST_F(GatheredPresenceTest, ARoomThatFitsAJoinedFrameIsToldEachChangeAtOnce) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = host.connect();
    EXPECT_EQ(single(host, alice),
              R"({"type":"presence","room":"lobby","user":"guest-2","event":"join"})"_json);
    host.clear_outboxes();
    host.run_frame(bob, R"({"type":"leave","room":"lobby"})");
    EXPECT_EQ(single(host, alice),
              R"({"type":"presence","room":"lobby","user":"guest-2","event":"leave"})"_json);
}

TEST_F(GatheredPresenceTest, JoinsWithinATickAreOneFrame) {
    const auto first = settled_lobby(2);
    const chatd_conn_id carol = host.connect();
    host.connect();
    host.connect();
    expect_nothing(host, first[0]);

    host.advance(49);
    expect_nothing(host, first[0]);
    host.advance(1);
    const json frame = tick({"guest-3", "guest-4", "guest-5"}, {}, 5);
    EXPECT_EQ(single(host, first[0]), frame);
    EXPECT_EQ(single(host, first[1]), frame);
    // A newcomer of the tick hears it too: its joined was a page already.
    const Frames at_carol = host.take(carol);
    ASSERT_FALSE(at_carol.empty());
    EXPECT_EQ(at_carol.back(), frame);

    host.advance(1000);
    expect_nothing(host, first[0]);
}

TEST_F(GatheredPresenceTest, JoinsAndLeavesOfATickAreToldTogether) {
    const auto first = settled_lobby(4);
    host.run_frame(first[1], R"({"type":"leave","room":"lobby"})");
    host.connect();
    host.disconnect(first[2]);
    host.advance(50);
    EXPECT_EQ(single(host, first[0]), tick({"guest-5"}, {"guest-2", "guest-3"}, 3));
}

TEST_F(GatheredPresenceTest, AJoinAndALeaveWithinATickAreNeitherTold) {
    const auto first = settled_lobby(3);
    const chatd_conn_id dave = host.connect();
    host.run_frame(dave, R"({"type":"leave","room":"lobby"})");
    const chatd_conn_id erin = host.connect();
    host.disconnect(erin);
    host.advance(50);
    expect_nothing(host, first[0]);
}

TEST_F(GatheredPresenceTest, ALeaveAndARejoinWithinATickAreNeitherTold) {
    const auto first = settled_lobby(3);
    host.run_frame(first[1], R"({"type":"leave","room":"lobby"})");
    host.run_frame(first[1], R"({"type":"join","room":"lobby"})");
    host.advance(50);
    expect_nothing(host, first[0]);
    EXPECT_EQ(ask(first[0], R"({"type":"members","room":"lobby","limit":10,"id":1})")["members"],
              R"(["guest-1","guest-3","guest-2"])"_json);
}

TEST_F(GatheredPresenceTest, AJoinerRenamedWithinTheTickIsToldByItsNewName) {
    // As auth's nicknames do, which tell the room of the rename at once.
    const auto first = settled_lobby(3);
    const chatd_conn_id dave = host.connect();
    host.set_user(dave, "dave");
    host.advance(50);
    EXPECT_EQ(single(host, first[0]), tick({"dave"}, {}, 4));
}

TEST_F(GatheredPresenceTest, ANewcomersMessageComesAfterItsJoin) {
    const auto first = settled_lobby(3);
    const chatd_conn_id dave = host.connect();
    host.run_frame(dave, "hello");
    const Frames frames = host.take(first[0]);
    ASSERT_EQ(frames.size(), 2u) << json(frames).dump();
    EXPECT_EQ(frames[0], tick({"guest-4"}, {}, 4));
    EXPECT_EQ(without_ts(frames[1]), message("lobby", 1, "guest-4", "hello"));
    host.advance(50);
    expect_nothing(host, first[0]);
}

TEST_F(GatheredPresenceTest, NoMessageAfterALeaveComesBeforeIt) {
    const auto first = settled_lobby(4);
    host.disconnect(first[3]);
    host.run_frame(first[1], "still here");
    const Frames frames = host.take(first[0]);
    ASSERT_EQ(frames.size(), 2u) << json(frames).dump();
    EXPECT_EQ(frames[0], tick({}, {"guest-4"}, 3));
    EXPECT_EQ(frames[1]["type"], "message");
}

TEST_F(GatheredPresenceTest, TypingAndTopicsComeAfterTheJoinsBeforeThem) {
    const auto first = settled_lobby(3);
    const chatd_conn_id dave = host.connect();
    host.run_frame(dave, R"({"type":"typing","room":"lobby"})");
    Frames frames = host.take(first[0]);
    ASSERT_EQ(frames.size(), 2u) << json(frames).dump();
    EXPECT_EQ(frames[0], tick({"guest-4"}, {}, 4));
    EXPECT_EQ(frames[1]["type"], "typing");

    host.connect();
    answers(dave, R"({"type":"topic","room":"lobby","topic":"hi"})");
    frames = host.take(first[0]);
    ASSERT_EQ(frames.size(), 2u) << json(frames).dump();
    EXPECT_EQ(frames[0], tick({"guest-5"}, {}, 5));
    EXPECT_EQ(frames[1]["type"], "topic");
}

TEST_F(GatheredPresenceTest, ARoomShrinkingToAJoinedFrameHearsTheGatheredChangesFirst) {
    const auto first = settled_lobby(3);
    host.run_frame(first[2], R"({"type":"leave","room":"lobby"})");
    host.run_frame(first[1], R"({"type":"leave","room":"lobby"})");
    EXPECT_EQ(
        host.take(first[0]),
        (Frames{tick({}, {"guest-3"}, 2),
                R"({"type":"presence","room":"lobby","user":"guest-2","event":"leave"})"_json}));
    host.advance(50);
    expect_nothing(host, first[0]);
}

TEST_F(GatheredPresenceTest, EachRoomGathersItsOwn) {
    const auto first = settled_lobby(3);
    for (chatd_conn_id conn : first)
        host.run_frame(conn, R"({"type":"join","room":"dev"})");
    host.advance(50);
    host.clear_outboxes();
    const chatd_conn_id dave = host.connect();
    host.run_frame(dave, R"({"type":"join","room":"dev"})");
    host.connect();
    host.disconnect(first[2]);
    host.advance(50);
    Frames frames = host.take(first[0]);
    std::sort(frames.begin(), frames.end(),
              [](const json &a, const json &b) { return a["room"] < b["room"]; });
    json dev = tick({"guest-4"}, {"guest-3"}, 3);
    dev["room"] = "dev";
    EXPECT_EQ(frames, (Frames{dev, tick({"guest-4", "guest-5"}, {"guest-3"}, 4)}));
}

TEST_F(RoomsTest, ATickOfZeroTellsEveryChangeAtOnce) {
    host.set_config_int("default_limit", 1);
    host.set_config_int("presence_tick_ms", 0);
    load();
    const chatd_conn_id alice = arrive();
    host.connect();
    host.connect();
    const Frames frames = host.take(alice);
    EXPECT_EQ(
        frames,
        (Frames{R"({"type":"presence","room":"lobby","user":"guest-2","event":"join"})"_json,
                R"({"type":"presence","room":"lobby","user":"guest-3","event":"join"})"_json}));
}

class PresenceLimitTest : public GatheredPresenceTest {
protected:
    void SetUp() override {
        host.set_config_int("default_limit", 2);
        host.set_config_int("presence_max_members", 4);
        load();
    }
};

TEST_F(PresenceLimitTest, ARoomPastTheLimitIsToldNothing) {
    const auto first = settled_lobby(4);
    host.connect();
    host.advance(50);
    expect_nothing(host, first[0]);
    host.disconnect(first[3]);
    host.advance(50);
    expect_nothing(host, first[0]); // the leaver was one of five
    // Back at the limit, presence is told again.
    host.disconnect(first[2]);
    host.advance(50);
    EXPECT_EQ(single(host, first[0]), tick({}, {"guest-3"}, 3));
    // The members' pages still say who is there.
    EXPECT_EQ(ask(first[0], R"({"type":"members","room":"lobby","limit":10,"id":1})")["members"],
              R"(["guest-1","guest-2","guest-5"])"_json);
}

TEST_F(PresenceLimitTest, JoinsGatheredBeforeTheRoomOutgrewTheLimitAreDropped) {
    const auto first = settled_lobby(3);
    host.connect();
    host.connect();
    host.advance(50);
    expect_nothing(host, first[0]);
}

TEST_F(PresenceLimitTest, ALeavePastTheLimitTakesBackItsGatheredJoin) {
    const auto first = settled_lobby(3);
    const chatd_conn_id dave = host.connect();
    const chatd_conn_id erin = host.connect();
    host.disconnect(erin);
    host.disconnect(dave);
    host.advance(50);
    expect_nothing(host, first[0]); // dave's join must not be told after he left
}

TEST_F(RoomsTest, NoLimitMeansPresenceInEveryRoom) {
    host.set_config_int("presence_max_members", 0);
    host.set_config_int("presence_tick_ms", 0);
    host.set_config_int("default_limit", 1);
    load();
    const chatd_conn_id alice = arrive();
    for (int i = 0; i < 20; ++i)
        host.connect();
    EXPECT_EQ(host.take(alice).size(), 20u);
}

} // namespace
} // namespace chatd::rooms::testing
