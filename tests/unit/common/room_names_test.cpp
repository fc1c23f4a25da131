// The names of direct-message rooms: one per pair of users, whoever names it.
#include "room_names.hpp"

#include <gtest/gtest.h>

namespace chatd::plugins {
namespace {

using Pair = std::pair<std::string, std::string>;

TEST(DmRoom, IsTheSameRoomFromEitherSideAndInAnyCase) {
    EXPECT_EQ(dm_room("alice", "bob"), "dm:alice:bob");
    EXPECT_EQ(dm_room("Bob", "ALICE"), "dm:alice:bob");
    EXPECT_EQ(dm_room("x", "x"), "dm:x:x");
}

TEST(DmRoom, IsNoValidClientRoomName) { EXPECT_FALSE(is_valid_room_name(dm_room("alice", "bob"))); }

TEST(DmParticipants, ReadBackWhatDmRoomMade) {
    EXPECT_EQ(dm_participants(dm_room("Bob", "alice")), (Pair{"alice", "bob"}));
    EXPECT_EQ(dm_room("guest-3", "guest-12"), "dm:guest-12:guest-3") << "sorted bytewise";
    EXPECT_EQ(dm_participants("dm:guest-12:guest-3"), (Pair{"guest-12", "guest-3"}));
    EXPECT_EQ(dm_participants("dm:guest-3:guest-12"), std::nullopt) << "not sorted";
}

TEST(DmParticipants, RefuseEveryOtherSpelling) {
    for (const char *room : {"lobby", "dm:", "dm:alice", "dm:alice:", "dm::bob", "dm:bob:alice",
                             "dm:Alice:bob", "dm:a:b:c", "DM:alice:bob", "dm:alice:bob:"})
        EXPECT_EQ(dm_participants(room), std::nullopt) << room;
}

TEST(IsDmRoom, IsTheWholeDmNamespace) {
    EXPECT_TRUE(is_dm_room("dm:alice:bob"));
    EXPECT_TRUE(is_dm_room("dm:bob:alice")) << "not one dm_room makes, still not a client's";
    EXPECT_FALSE(is_dm_room("dm"));
    EXPECT_FALSE(is_dm_room("dm-alice"));
    EXPECT_FALSE(is_dm_room("lobby"));
}

TEST(IsDmParticipant, IsEitherOfTheTwoInAnyCase) {
    EXPECT_TRUE(is_dm_participant("dm:alice:bob", "Alice"));
    EXPECT_TRUE(is_dm_participant("dm:alice:bob", "bob"));
    EXPECT_FALSE(is_dm_participant("dm:alice:bob", "carol"));
    EXPECT_FALSE(is_dm_participant("dm:bob:alice", "bob")) << "no room dm_room makes";
    EXPECT_FALSE(is_dm_participant("lobby", "bob"));
}

} // namespace
} // namespace chatd::plugins
