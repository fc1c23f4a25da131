// Subscriptions: room membership both ways, in subscription order, each
// room's message sequence, and where a member's replay ends and its live
// delivery begins.
#include "pipeline/subscriptions.hpp"

#include <gtest/gtest.h>

namespace chatd::pipeline {
namespace {

using Conns = std::vector<chatd_conn_id>;
using Names = std::vector<std::string>;

std::vector<std::pair<std::string, size_t>> rooms_after(const Subscriptions &s,
                                                        std::string_view after, size_t limit) {
    std::vector<std::pair<std::string, size_t>> out;
    s.for_each_room(after, limit,
                    [&](const std::string &name, size_t n) { out.emplace_back(name, n); });
    return out;
}

std::vector<std::pair<std::string, size_t>> all_rooms(const Subscriptions &s) {
    return rooms_after(s, "", SIZE_MAX);
}

TEST(Subscriptions, RoomsComeInPagesByName) {
    Subscriptions s;
    for (const char *room : {"delta", "alpha", "charlie", "bravo"})
        s.subscribe(1, room);
    s.subscribe(2, "bravo");
    using Page = std::vector<std::pair<std::string, size_t>>;
    EXPECT_EQ(rooms_after(s, "", 2), (Page{{"alpha", 1}, {"bravo", 2}}));
    EXPECT_EQ(rooms_after(s, "bravo", 2), (Page{{"charlie", 1}, {"delta", 1}}));
    EXPECT_EQ(rooms_after(s, "bz", 5), (Page{{"charlie", 1}, {"delta", 1}}))
        << "a cursor need not name a room that still exists";
    EXPECT_TRUE(rooms_after(s, "delta", 5).empty());
    EXPECT_TRUE(rooms_after(s, "", 0).empty());
}

TEST(Subscriptions, MembersAndRoomsKeepSubscriptionOrder) {
    Subscriptions s;
    s.subscribe(3, "lobby");
    s.subscribe(1, "lobby");
    s.subscribe(2, "lobby");
    s.subscribe(1, "zeta");
    s.subscribe(1, "alpha");
    EXPECT_EQ(s.members("lobby"), (Conns{3, 1, 2}));
    EXPECT_EQ(s.rooms_of(1), (Names{"lobby", "zeta", "alpha"}));
    EXPECT_TRUE(s.is_member(1, "alpha"));
    EXPECT_FALSE(s.is_member(2, "alpha"));
    EXPECT_TRUE(s.members("nowhere").empty());
    EXPECT_TRUE(s.rooms_of(99).empty());
}

TEST(Subscriptions, SubscribeTwiceIsANoOp) {
    Subscriptions s;
    EXPECT_TRUE(s.subscribe(1, "lobby"));
    EXPECT_FALSE(s.subscribe(1, "lobby"));
    EXPECT_EQ(s.members("lobby"), (Conns{1}));
    EXPECT_EQ(s.rooms_of(1), (Names{"lobby"}));
}

TEST(Subscriptions, UnsubscribeRemovesBothWaysAndEmptyRoomsVanish) {
    Subscriptions s;
    s.subscribe(1, "a");
    s.subscribe(2, "a");
    s.subscribe(1, "b");
    EXPECT_FALSE(s.unsubscribe(3, "a"));
    EXPECT_FALSE(s.unsubscribe(1, "c"));
    EXPECT_TRUE(s.unsubscribe(1, "a"));
    EXPECT_FALSE(s.unsubscribe(1, "a"));
    EXPECT_EQ(s.members("a"), (Conns{2}));
    EXPECT_EQ(s.rooms_of(1), (Names{"b"}));
    EXPECT_TRUE(s.unsubscribe(1, "b"));
    EXPECT_EQ(all_rooms(s), (std::vector<std::pair<std::string, size_t>>{{"a", 1}}));
}

TEST(Subscriptions, ForEachRoomListsRoomsByNameWithTheirSize) {
    Subscriptions s;
    s.subscribe(1, "zeta");
    s.subscribe(1, "alpha");
    s.subscribe(2, "alpha");
    EXPECT_EQ(all_rooms(s),
              (std::vector<std::pair<std::string, size_t>>{{"alpha", 2}, {"zeta", 1}}));
}

TEST(Subscriptions, DropConnectionLeavesEveryRoomAndOnlyThat) {
    Subscriptions s;
    s.subscribe(1, "a");
    s.subscribe(2, "a");
    s.subscribe(1, "b");
    s.drop_connection(1);
    EXPECT_TRUE(s.rooms_of(1).empty());
    EXPECT_FALSE(s.is_member(1, "a"));
    EXPECT_EQ(s.members("a"), (Conns{2}));
    EXPECT_EQ(all_rooms(s), (std::vector<std::pair<std::string, size_t>>{{"a", 1}}));
    s.drop_connection(42); // unknown: nothing to do
    EXPECT_EQ(s.members("a"), (Conns{2}));
}

TEST(Subscriptions, SeqCountsPerRoomFromOne) {
    Subscriptions s;
    s.subscribe(1, "a");
    s.subscribe(1, "b");
    EXPECT_EQ(s.next_seq("a"), 1u);
    EXPECT_EQ(s.next_seq("a"), 2u);
    EXPECT_EQ(s.next_seq("b"), 1u);
    EXPECT_EQ(s.next_seq("a"), 3u);
}

TEST(Subscriptions, ObservedSeqMovesTheCounterForwardOnly) {
    Subscriptions s;
    s.subscribe(1, "a");
    s.observe_seq("a", 41);
    EXPECT_EQ(s.next_seq("a"), 42u);
    s.observe_seq("a", 10);
    EXPECT_EQ(s.next_seq("a"), 43u);
    s.observe_seq("a", 43);
    EXPECT_EQ(s.next_seq("a"), 44u);
}

TEST(Subscriptions, AnEmptyRoomKeepsNoSeq) {
    Subscriptions s;
    s.observe_seq("nobody", 41);
    EXPECT_EQ(s.next_seq("nobody"), 1u);
    EXPECT_EQ(s.next_seq("nobody"), 1u);
    EXPECT_TRUE(all_rooms(s).empty()) << "a seq is not a membership";
}

TEST(Subscriptions, SeqEndsWithTheRoom) {
    Subscriptions s;
    s.subscribe(1, "a");
    s.subscribe(2, "a");
    EXPECT_EQ(s.next_seq("a"), 1u);
    s.drop_connection(1);
    EXPECT_EQ(s.next_seq("a"), 2u) << "one member left: the room goes on";
    s.unsubscribe(2, "a");
    s.subscribe(3, "a");
    EXPECT_EQ(s.next_seq("a"), 1u);
}

// The members deliver(room, seq) sends to.
Conns delivered(Subscriptions &s, std::string_view room, uint64_t seq) {
    Conns out;
    s.deliver(room, seq, [&](chatd_conn_id c) { out.push_back(c); });
    return out;
}

TEST(Subscriptions, AMemberThatGotNothingLiveIsReplayedEverythingStored) {
    Subscriptions s;
    s.subscribe(1, "a");
    s.subscribe(2, "a");
    EXPECT_EQ(s.replay_point(2, "a", 7), 7u);
    // 6 and 7 were stored before the replay but are delivered after it.
    EXPECT_EQ(delivered(s, "a", 6), Conns{1});
    EXPECT_EQ(delivered(s, "a", 7), Conns{1});
    EXPECT_EQ(delivered(s, "a", 8), (Conns{1, 2}));
}

TEST(Subscriptions, AMemberThatGotMessagesLiveIsReplayedOnlyWhatCameBefore) {
    Subscriptions s;
    s.subscribe(1, "a");
    EXPECT_EQ(delivered(s, "a", 5), Conns{1});
    EXPECT_EQ(delivered(s, "a", 6), Conns{1});
    EXPECT_EQ(s.replay_point(1, "a", 9), 4u);
    EXPECT_EQ(delivered(s, "a", 7), Conns{1}) << "above the replay: still live";
}

TEST(Subscriptions, AReplayPointIsForMembersAndEndsWithTheSubscription) {
    Subscriptions s;
    EXPECT_FALSE(s.replay_point(1, "a", 3));
    s.subscribe(1, "a");
    s.subscribe(2, "a");
    EXPECT_EQ(s.replay_point(1, "a", 3), 3u);
    s.unsubscribe(1, "a");
    s.subscribe(1, "a");
    // A new subscription, in a new place among the members, starts afresh.
    EXPECT_EQ(delivered(s, "a", 2), (Conns{2, 1}));
    EXPECT_EQ(delivered(s, "a", 3), (Conns{2, 1}));
}

} // namespace
} // namespace chatd::pipeline
