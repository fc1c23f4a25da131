// The token bucket of flood control, on a clock the test moves.
#include "flood.hpp"

#include <gtest/gtest.h>

#include <string>

namespace chatd::moderation {
namespace {

using namespace std::chrono_literals;
using Clock = FloodControl::Clock;

constexpr FloodLimits kTwoPerSecondBurstThree{.rate_per_s = 2, .burst = 3};

TEST(FloodControlTest, ABurstPassesThenOneMessageRefillsPerInterval) {
    FloodControl flood;
    const Clock::time_point t0{};
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(flood.take("", "ann", kTwoPerSecondBurstThree, t0), std::nullopt) << i;
    EXPECT_EQ(flood.take("", "ann", kTwoPerSecondBurstThree, t0), 500ms);
    EXPECT_EQ(flood.take("", "ann", kTwoPerSecondBurstThree, t0 + 200ms), 300ms);
    EXPECT_EQ(flood.take("", "ann", kTwoPerSecondBurstThree, t0 + 500ms), std::nullopt);
    EXPECT_EQ(flood.take("", "ann", kTwoPerSecondBurstThree, t0 + 500ms), 500ms);
    // Refused messages took nothing: the next token is still due at 1 s.
    EXPECT_EQ(flood.take("", "ann", kTwoPerSecondBurstThree, t0 + 999ms), 1ms);
    EXPECT_EQ(flood.take("", "ann", kTwoPerSecondBurstThree, t0 + 1s), std::nullopt);
}

TEST(FloodControlTest, AWaitIsRoundedUpToWholeMillisecondsAndNeverZero) {
    FloodControl flood;
    const FloodLimits three_per_second{.rate_per_s = 3, .burst = 1};
    const Clock::time_point t0{};
    EXPECT_EQ(flood.take("", "ann", three_per_second, t0), std::nullopt);
    EXPECT_EQ(flood.take("", "ann", three_per_second, t0), 334ms); // 333.33... ms
    EXPECT_EQ(flood.take("", "ann", three_per_second, t0 + 333ms), 1ms);
    EXPECT_EQ(flood.take("", "ann", three_per_second, t0 + 333'333'332ns), 1ms)
        << "1 ns, rounded up";
    EXPECT_EQ(flood.take("", "ann", three_per_second, t0 + 333'333'333ns), std::nullopt);
}

TEST(FloodControlTest, AnIdleBucketRefillsOnlyToItsBurst) {
    FloodControl flood;
    const Clock::time_point t0{};
    EXPECT_EQ(flood.take("", "ann", kTwoPerSecondBurstThree, t0), std::nullopt);
    const Clock::time_point later = t0 + 1h;
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(flood.take("", "ann", kTwoPerSecondBurstThree, later), std::nullopt) << i;
    EXPECT_EQ(flood.take("", "ann", kTwoPerSecondBurstThree, later), 500ms);
}

TEST(FloodControlTest, UsersHaveTheirOwnBucketsWhateverTheCaseOfTheirNames) {
    FloodControl flood;
    const FloodLimits one{.rate_per_s = 1, .burst = 1};
    const Clock::time_point t0{};
    EXPECT_EQ(flood.take("", "Ann", one, t0), std::nullopt);
    EXPECT_EQ(flood.take("", "ANN", one, t0), 1000ms) << "one bucket for all of ann's sockets";
    EXPECT_EQ(flood.take("", "bob", one, t0), std::nullopt);
    EXPECT_EQ(flood.tracked(), 2u);
}

TEST(FloodControlTest, ARoomWithItsOwnLimitsHasItsOwnBucket) {
    FloodControl flood;
    const FloodLimits one{.rate_per_s = 1, .burst = 1};
    const Clock::time_point t0{};
    EXPECT_EQ(flood.take("", "ann", one, t0), std::nullopt);
    EXPECT_EQ(flood.take("bots", "ann", one, t0), std::nullopt);
    EXPECT_EQ(flood.take("bots", "ann", one, t0), 1000ms);
    EXPECT_EQ(flood.take("", "ann", one, t0), 1000ms);
}

TEST(FloodControlTest, ARateOfZeroIsFloodControlOff) {
    FloodControl flood;
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(flood.take("", "ann", {.rate_per_s = 0, .burst = 1}, Clock::time_point{}),
                  std::nullopt);
    EXPECT_EQ(flood.tracked(), 0u);
}

TEST(FloodControlTest, FullBucketsAreDroppedSoManyUsersCostNoLastingMemory) {
    FloodControl flood;
    const FloodLimits limits{.rate_per_s = 10, .burst = 5};
    Clock::time_point t{};
    for (int i = 0; i < 20'000; ++i) {
        t += 1ms;
        ASSERT_EQ(flood.take("", "user" + std::to_string(i), limits, t), std::nullopt);
        // A bucket one message down is full again after 100 ms: about 100
        // live, and the table never more than twice those (or 256).
        ASSERT_LE(flood.tracked(), 256u);
    }
    flood.prune(t + 100ms);
    EXPECT_EQ(flood.tracked(), 0u);
}

TEST(FloodControlTest, PruneDropsOnlyFullBuckets) {
    FloodControl flood;
    const FloodLimits limits{.rate_per_s = 1, .burst = 2};
    const Clock::time_point t0{};
    flood.take("", "ann", limits, t0);
    flood.take("", "bob", limits, t0);
    flood.take("", "bob", limits, t0);
    EXPECT_EQ(flood.prune(t0 + 1s), 1u); // ann's one token is back, bob's second is not
    EXPECT_EQ(flood.tracked(), 1u);
    EXPECT_EQ(flood.take("", "bob", limits, t0 + 1s), std::nullopt);
    EXPECT_EQ(flood.take("", "bob", limits, t0 + 1s), 1000ms);
}

} // namespace
} // namespace chatd::moderation
