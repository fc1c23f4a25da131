// The retention keys as a policy: global bounds, rooms' own entries over
// them, and entries refused with a message that quotes them.
#include "retention_config.hpp"

#include <gtest/gtest.h>

namespace chatd::history {
namespace {

// The message an entry is refused with.
std::string refusal(const std::string &entry) {
    try {
        retention_policy(0, 0, {entry});
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    ADD_FAILURE() << "not refused: " << entry;
    return {};
}

TEST(RetentionConfig, GlobalBoundsApplyToEveryRoom) {
    const RetentionPolicy policy = retention_policy(3600, 500, {});
    EXPECT_EQ(policy.of("lobby").max_age_ms, 3'600'000);
    EXPECT_EQ(policy.of("lobby").max_messages, 500u);
    EXPECT_FALSE(policy.keeps_all());
    EXPECT_TRUE(retention_policy(0, 0, {}).keeps_all());
}

TEST(RetentionConfig, ARoomsEntryReplacesOnlyTheBoundsItNames) {
    const RetentionPolicy policy =
        retention_policy(3600, 500,
                         {"support max_age_s=604800 max_messages=10000", "audit  max_age_s=0",
                          "dev.ops max_messages=0 max_age_s=0"});
    EXPECT_EQ(policy.of("support").max_age_ms, 604'800'000);
    EXPECT_EQ(policy.of("support").max_messages, 10'000u);
    EXPECT_EQ(policy.of("audit").max_age_ms, 0);
    EXPECT_EQ(policy.of("audit").max_messages, 500u) << "left out: the global one";
    EXPECT_TRUE(policy.of("dev.ops").keeps_all());
    EXPECT_EQ(policy.of("lobby").max_messages, 500u);
}

TEST(RetentionConfig, ARoomsEntryAloneTurnsRetentionOn) {
    const RetentionPolicy policy = retention_policy(0, 0, {"support max_messages=10"});
    EXPECT_FALSE(policy.keeps_all());
    EXPECT_TRUE(policy.of("lobby").keeps_all());
}

TEST(RetentionConfig, BadEntriesAreRefusedByName) {
    const std::string quoted = refusal("support max_age_s=soon");
    EXPECT_NE(quoted.find("room_retention entry \"support max_age_s=soon\""), std::string::npos)
        << quoted;
    EXPECT_NE(quoted.find("max_age_s must be a whole number from 0 to 3153600000"),
              std::string::npos)
        << quoted;
    EXPECT_NE(refusal("").find("begin with the room's name"), std::string::npos);
    EXPECT_NE(refusal("max_messages=5").find("begin with the room's name"), std::string::npos);
    EXPECT_NE(refusal("support, max_messages=5").find("room names are"), std::string::npos);
    EXPECT_NE(refusal("support").find("names no max_age_s or max_messages"), std::string::npos);
    EXPECT_NE(refusal("support max_count=5").find("'max_count=5' is not"), std::string::npos);
    EXPECT_NE(refusal("support max_messages").find("max_messages must be"), std::string::npos);
    EXPECT_NE(refusal("support max_messages=").find("max_messages must be"), std::string::npos);
    EXPECT_NE(refusal("support max_messages=-1").find("max_messages must be"), std::string::npos);
    EXPECT_NE(refusal("support max_messages=1e3").find("max_messages must be"), std::string::npos);
    EXPECT_NE(refusal("support max_age_s=3153600001").find("max_age_s must be"), std::string::npos);
    EXPECT_NE(refusal("support max_messages=1 max_messages=2").find("given twice"),
              std::string::npos);
}

TEST(RetentionConfig, ARoomMayHaveOneEntry) {
    try {
        retention_policy(0, 0, {"support max_messages=1", "support max_age_s=1"});
        FAIL() << "two entries for one room were taken";
    } catch (const std::invalid_argument &e) {
        EXPECT_NE(std::string(e.what()).find("\"support max_age_s=1\": room support has an entry "
                                             "already"),
                  std::string::npos)
            << e.what();
    }
}

} // namespace
} // namespace chatd::history
