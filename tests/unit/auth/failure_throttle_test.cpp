// The bucket math of failed logins, on a clock the test moves.
#include "failure_throttle.hpp"

#include <gtest/gtest.h>

namespace chatd::auth {
namespace {

using namespace std::chrono_literals;
using Clock = FailureThrottle::Clock;

TEST(FailureThrottleTest, MaxFailuresPassThenTheKeyWaitsForOneToRefill) {
    FailureThrottle throttle({.max_failures = 3, .window = 60s});
    const Clock::time_point t0{};
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(throttle.wait("k", t0), 0ms);
        throttle.failed("k", t0);
    }
    EXPECT_EQ(throttle.wait("k", t0), 20s); // one failure refills every 60 s / 3
    EXPECT_EQ(throttle.wait("k", t0 + 15s), 5s);
    EXPECT_EQ(throttle.wait("k", t0 + 20s), 0ms);
    EXPECT_EQ(throttle.wait("other", t0), 0ms);
}

TEST(FailureThrottleTest, ForgettingAKeyClearsItsFailures) {
    FailureThrottle throttle({.max_failures = 1, .window = 10s});
    const Clock::time_point t0{};
    throttle.failed("k", t0);
    EXPECT_GT(throttle.wait("k", t0), 0ms);
    throttle.forget("k");
    EXPECT_EQ(throttle.wait("k", t0), 0ms);
}

TEST(FailureThrottleTest, AFloodOfKeysStaysWithinMaxKeysAndKeepsTheNewest) {
    FailureThrottle throttle({.max_failures = 1, .window = 3600s, .max_keys = 100});
    Clock::time_point t{};
    for (int i = 0; i < 1000; ++i) {
        t += 1ms;
        throttle.failed("k" + std::to_string(i), t);
        ASSERT_LE(throttle.keys(), 100u);
    }
    EXPECT_GT(throttle.wait("k999", t), 0ms);
    EXPECT_EQ(throttle.wait("k0", t), 0ms); // forgotten: a flood costs the oldest their counts
}

TEST(FailureThrottleTest, KeysWhoseBucketsRefilledAreDroppedFirst) {
    FailureThrottle throttle({.max_failures = 1, .window = 1s, .max_keys = 2});
    const Clock::time_point t0{};
    throttle.failed("old", t0);
    throttle.failed("recent", t0 + 10s);
    throttle.failed("new", t0 + 10s);
    EXPECT_EQ(throttle.keys(), 2u);
    EXPECT_GT(throttle.wait("recent", t0 + 10s), 0ms);
    EXPECT_GT(throttle.wait("new", t0 + 10s), 0ms);
}

} // namespace
} // namespace chatd::auth
