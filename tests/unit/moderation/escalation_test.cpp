// From violations to a mute, on a clock the test moves.
#include "escalation.hpp"

#include <gtest/gtest.h>

#include <string>

namespace chatd::moderation {
namespace {

using namespace std::chrono_literals;
using Clock = Escalation::Clock;

constexpr EscalationLimits kThreeInAMinute{.strikes = 3, .window = 60s, .mute = 300s};

TEST(EscalationTest, TheThresholdEarnsAMuteAndStartsTheCountAfresh) {
    Escalation escalation;
    const Clock::time_point t0{};
    EXPECT_EQ(escalation.violation("ann", kThreeInAMinute, t0), std::nullopt);
    EXPECT_EQ(escalation.violation("ann", kThreeInAMinute, t0 + 10s), std::nullopt);
    EXPECT_EQ(escalation.violation("ann", kThreeInAMinute, t0 + 20s), 300s);
    EXPECT_EQ(escalation.tracked(), 0u);
    EXPECT_EQ(escalation.violation("ann", kThreeInAMinute, t0 + 21s), std::nullopt);
    EXPECT_EQ(escalation.violation("ann", kThreeInAMinute, t0 + 22s), std::nullopt);
    EXPECT_EQ(escalation.violation("ann", kThreeInAMinute, t0 + 23s), 300s);
}

TEST(EscalationTest, ViolationsOlderThanTheWindowNoLongerCount) {
    Escalation escalation;
    const Clock::time_point t0{};
    EXPECT_EQ(escalation.violation("ann", kThreeInAMinute, t0), std::nullopt);
    EXPECT_EQ(escalation.violation("ann", kThreeInAMinute, t0 + 50s), std::nullopt);
    EXPECT_EQ(escalation.violation("ann", kThreeInAMinute, t0 + 60s), std::nullopt)
        << "the first is a window old";
    EXPECT_EQ(escalation.violation("ann", kThreeInAMinute, t0 + 61s), 300s);
}

TEST(EscalationTest, UsersCountApartAndTheirNamesFoldCase) {
    Escalation escalation;
    const EscalationLimits two{.strikes = 2, .window = 60s, .mute = 30s};
    const Clock::time_point t0{};
    EXPECT_EQ(escalation.violation("ann", two, t0), std::nullopt);
    EXPECT_EQ(escalation.violation("bob", two, t0), std::nullopt);
    EXPECT_EQ(escalation.violation("Ann", two, t0), 30s);
    EXPECT_EQ(escalation.tracked(), 1u);
}

TEST(EscalationTest, ForgivingStartsTheCountAfresh) {
    Escalation escalation;
    const EscalationLimits two{.strikes = 2, .window = 60s, .mute = 30s};
    const Clock::time_point t0{};
    EXPECT_EQ(escalation.violation("ann", two, t0), std::nullopt);
    escalation.forgive("ANN");
    EXPECT_EQ(escalation.violation("ann", two, t0), std::nullopt);
}

TEST(EscalationTest, ZeroStrikesIsOffAndOneStrikeMutesAtOnce) {
    Escalation escalation;
    const Clock::time_point t0{};
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(escalation.violation("ann", {.strikes = 0, .window = 60s, .mute = 30s}, t0),
                  std::nullopt);
    EXPECT_EQ(escalation.tracked(), 0u);
    EXPECT_EQ(escalation.violation("ann", {.strikes = 1, .window = 60s, .mute = 30s}, t0), 30s);
}

TEST(EscalationTest, UsersWhoseViolationsExpiredAreDropped) {
    Escalation escalation;
    Clock::time_point t{};
    for (int i = 0; i < 10'000; ++i) {
        t += 10ms;
        ASSERT_EQ(escalation.violation("user" + std::to_string(i), kThreeInAMinute, t),
                  std::nullopt);
    }
    EXPECT_LE(escalation.tracked(), 2 * 6000u + 256u) << "a minute's users live, and no more";
    escalation.prune(t + 60s);
    EXPECT_EQ(escalation.tracked(), 0u);
}

} // namespace
} // namespace chatd::moderation
