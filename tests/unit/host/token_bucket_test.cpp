// TokenBucket with explicit time points. The bucket stamps its creation with
// the real clock, so every point passed here is taken after construction.
#include "pipeline/token_bucket.hpp"

#include <gtest/gtest.h>

namespace chatd::pipeline {
namespace {

using namespace std::chrono_literals;

TEST(TokenBucket, AllowsTheBurstThenRefuses) {
    TokenBucket bucket(2.0, 3.0);
    auto t0 = TokenBucket::Clock::now();
    EXPECT_TRUE(bucket.take(t0));
    EXPECT_TRUE(bucket.take(t0));
    EXPECT_TRUE(bucket.take(t0));
    EXPECT_FALSE(bucket.take(t0));
}

TEST(TokenBucket, RefillsAtTheRate) {
    TokenBucket bucket(2.0, 1.0);
    auto t0 = TokenBucket::Clock::now();
    EXPECT_TRUE(bucket.take(t0));
    EXPECT_FALSE(bucket.take(t0 + 250ms)); // half a token
    EXPECT_TRUE(bucket.take(t0 + 500ms));  // the other half
    EXPECT_FALSE(bucket.take(t0 + 500ms));
}

TEST(TokenBucket, RefillStopsAtTheBurst) {
    TokenBucket bucket(10.0, 2.0);
    auto t0 = TokenBucket::Clock::now();
    EXPECT_TRUE(bucket.take(t0));
    EXPECT_TRUE(bucket.take(t0));
    auto later = t0 + 1h;
    EXPECT_TRUE(bucket.take(later));
    EXPECT_TRUE(bucket.take(later));
    EXPECT_FALSE(bucket.take(later));
}

TEST(TokenBucket, AChargeIsADebtOfAtMostOneBurst) {
    TokenBucket bucket(1.0, 2.0);
    auto t0 = TokenBucket::Clock::now();
    bucket.charge(1.5, t0);
    EXPECT_FALSE(bucket.take(t0)) << "half a token left";
    bucket.charge(100, t0); // down to -2, not -100
    EXPECT_EQ(bucket.retry_after(t0), 3000ms);
    EXPECT_FALSE(bucket.take(t0 + 2999ms));
    EXPECT_TRUE(bucket.take(t0 + 3000ms));
}

TEST(TokenBucket, RefusedTakesCostNothing) {
    TokenBucket bucket(1.0, 1.0);
    auto t0 = TokenBucket::Clock::now();
    EXPECT_TRUE(bucket.take(t0));
    for (int i = 1; i < 10; ++i)
        EXPECT_FALSE(bucket.take(t0 + i * 100ms));
    // Ten refills of a tenth add up to a hair under one token in floating
    // point, so the whole token is there just after the second.
    EXPECT_TRUE(bucket.take(t0 + 1001ms));
}

} // namespace
} // namespace chatd::pipeline
