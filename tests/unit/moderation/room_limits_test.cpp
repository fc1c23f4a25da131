// Reading the rooms' own limits from config.
#include "room_limits.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chatd::moderation {
namespace {

using namespace std::chrono_literals;

const Limits kGlobal{.flood = {.rate_per_s = 1, .burst = 5}, .slow = 0s, .max_chars = 2000};

std::string refusal(const std::string &entry) {
    try {
        RoomLimits limits(kGlobal, {"lobby slow_s=5", entry});
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    return "";
}

TEST(RoomLimitsTest, ARoomsEntryChangesOnlyTheKeysItNames) {
    const RoomLimits limits(kGlobal, {"announcements rate=0.2 burst=1 slow_s=30",
                                      "bots max_chars=8000", "quiet rate=0"});
    const Limits &global = limits.for_room("lobby");
    EXPECT_EQ(global.flood.rate_per_s, 1);
    EXPECT_EQ(global.flood.burst, 5);
    EXPECT_EQ(global.slow, 0s);
    EXPECT_EQ(global.max_chars, 2000u);

    const Limits &announcements = limits.for_room("announcements");
    EXPECT_EQ(announcements.flood.rate_per_s, 0.2);
    EXPECT_EQ(announcements.flood.burst, 1);
    EXPECT_EQ(announcements.slow, 30s);
    EXPECT_EQ(announcements.max_chars, 2000u);

    const Limits &bots = limits.for_room("bots");
    EXPECT_EQ(bots.flood.rate_per_s, 1);
    EXPECT_EQ(bots.flood.burst, 5);
    EXPECT_EQ(bots.max_chars, 8000u);

    EXPECT_EQ(limits.for_room("quiet").flood.rate_per_s, 0);
    EXPECT_EQ(limits.for_room("Bots").max_chars, 2000u) << "room names are exact";
}

TEST(RoomLimitsTest, OnlyRoomsWithTheirOwnRateOrBurstHaveTheirOwnFloodScope) {
    const RoomLimits limits(kGlobal,
                            {"fast rate=10", "deep burst=50", "bots max_chars=8000 slow_s=2"});
    EXPECT_EQ(limits.flood_scope("fast"), "fast");
    EXPECT_EQ(limits.flood_scope("deep"), "deep");
    EXPECT_EQ(limits.flood_scope("bots"), "");
    EXPECT_EQ(limits.flood_scope("lobby"), "");
}

TEST(RoomLimitsTest, ARoomMayTurnTheFilterOffAndRepeatsOnOrOff) {
    Limits global = kGlobal;
    global.repeat_window = 30s;
    const RoomLimits limits(global, {"games filter=off repeat_s=0", "support repeat_s=300"});
    EXPECT_TRUE(limits.for_room("lobby").filter);
    EXPECT_EQ(limits.for_room("lobby").repeat_window, 30s);
    EXPECT_FALSE(limits.for_room("games").filter);
    EXPECT_EQ(limits.for_room("games").repeat_window, 0s);
    EXPECT_TRUE(limits.for_room("support").filter);
    EXPECT_EQ(limits.for_room("support").repeat_window, 300s);
}

TEST(RoomLimitsTest, ARoomMaySetItsOwnEscalation) {
    Limits global = kGlobal;
    global.escalation = {.strikes = 3, .window = 60s, .mute = 300s};
    const RoomLimits limits(global, {"kids strikes=1 mute_s=3600", "ops strikes=0"});
    EXPECT_EQ(limits.for_room("lobby").escalation.strikes, 3);
    EXPECT_EQ(limits.for_room("kids").escalation.strikes, 1);
    EXPECT_EQ(limits.for_room("kids").escalation.mute, 3600s);
    EXPECT_EQ(limits.for_room("kids").escalation.window, 60s) << "the window is global";
    EXPECT_EQ(limits.for_room("ops").escalation.strikes, 0);
    EXPECT_EQ(limits.for_room("ops").escalation.mute, 300s);
    EXPECT_NE(refusal("dev strikes=1001").find("strikes must be a whole number from 0 to 1000"),
              std::string::npos);
    EXPECT_NE(refusal("dev mute_s=0").find("mute_s must be a whole number from 1 to 31536000"),
              std::string::npos);
}

TEST(RoomLimitsTest, NoEntriesMeanTheGlobalLimitsEverywhere) {
    const RoomLimits limits(kGlobal, {});
    EXPECT_EQ(limits.for_room("anything").max_chars, 2000u);
    EXPECT_EQ(limits.flood_scope("anything"), "");
}

TEST(RoomLimitsTest, BadEntriesAreRefusedQuotingThem) {
    EXPECT_EQ(refusal("dev rate=fast"),
              "room_limits entry \"dev rate=fast\": rate must be a number from 0 to 1000");
    EXPECT_EQ(refusal("dev colour=red"),
              "room_limits entry \"dev colour=red\": 'colour=red' is not rate=, burst=, "
              "slow_s=, max_chars=, repeat_s=, filter=on|off, strikes= or mute_s=");
    EXPECT_NE(refusal("dev filter=maybe").find("filter=on|off"), std::string::npos);
    EXPECT_NE(refusal("dev repeat_s=x").find("repeat_s must be"), std::string::npos);
    EXPECT_EQ(refusal("lobby rate=2"),
              "room_limits entry \"lobby rate=2\": room lobby has an entry already");
    EXPECT_EQ(refusal("dev"), "room_limits entry \"dev\": it names no rate, burst, slow_s, "
                              "max_chars, repeat_s, filter, strikes or mute_s");
    EXPECT_EQ(refusal("dev burst=1.5"),
              "room_limits entry \"dev burst=1.5\": burst must be a whole number from 1 to "
              "100000");
    EXPECT_EQ(refusal("dev burst=0"),
              "room_limits entry \"dev burst=0\": burst must be a whole number from 1 to 100000");
    EXPECT_EQ(refusal("dev slow_s=-1"),
              "room_limits entry \"dev slow_s=-1\": slow_s must be a whole number from 0 to "
              "86400");
    EXPECT_NE(refusal("dev slow_s=86401").find("slow_s must be"), std::string::npos);
    EXPECT_NE(refusal("dev max_chars=1000001").find("max_chars must be"), std::string::npos);
    EXPECT_NE(refusal("dev max_chars").find("max_chars must be"), std::string::npos);
    EXPECT_NE(refusal("dev rate=").find("rate must be"), std::string::npos);
    EXPECT_NE(refusal("dev rate=nan").find("rate must be"), std::string::npos);
    EXPECT_NE(refusal("dev rate=inf").find("rate must be"), std::string::npos);
    EXPECT_NE(refusal("dev rate=1e2").find("rate must be"), std::string::npos);
    EXPECT_NE(refusal("dev rate=1 rate=2").find("rate is given twice"), std::string::npos);
    EXPECT_NE(refusal("rate=1").find("it must begin with the room's name"), std::string::npos);
    EXPECT_EQ(refusal("dev rate=0.5 burst=2 slow_s=0 max_chars=0"), "");
}

} // namespace
} // namespace chatd::moderation
