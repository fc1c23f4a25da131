// Slow mode's one message per interval, on a clock the test moves.
#include "slow_mode.hpp"

#include <gtest/gtest.h>

#include <string>

namespace chatd::moderation {
namespace {

using namespace std::chrono_literals;
using Clock = SlowMode::Clock;

TEST(SlowModeTest, OneMessagePerIntervalAndARefusalDoesNotRestartIt) {
    SlowMode slow;
    const Clock::time_point t0{};
    EXPECT_EQ(slow.take("lobby", "ann", 10s, t0), std::nullopt);
    EXPECT_EQ(slow.take("lobby", "ann", 10s, t0 + 1s), 9000ms);
    EXPECT_EQ(slow.take("lobby", "ann", 10s, t0 + 9999ms), 1ms);
    EXPECT_EQ(slow.take("lobby", "ann", 10s, t0 + 9999ms + 1us), 1ms) << "rounded up";
    EXPECT_EQ(slow.take("lobby", "ann", 10s, t0 + 10s), std::nullopt);
    EXPECT_EQ(slow.take("lobby", "ann", 10s, t0 + 10s), 10000ms);
}

TEST(SlowModeTest, EachRoomAndUserCountsApartUsersWithoutCase) {
    SlowMode slow;
    const Clock::time_point t0{};
    EXPECT_EQ(slow.take("lobby", "Ann", 5s, t0), std::nullopt);
    EXPECT_EQ(slow.take("lobby", "aNN", 5s, t0), 5000ms);
    EXPECT_EQ(slow.take("lobby", "bob", 5s, t0), std::nullopt);
    EXPECT_EQ(slow.take("dev", "ann", 5s, t0), std::nullopt);
    EXPECT_EQ(slow.take("Lobby", "ann", 5s, t0), std::nullopt) << "room names are exact";
}

TEST(SlowModeTest, AnIntervalOfZeroIsOff) {
    SlowMode slow;
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(slow.take("lobby", "ann", 0s, Clock::time_point{}), std::nullopt);
    EXPECT_EQ(slow.tracked(), 0u);
}

TEST(SlowModeTest, UsersWhoseIntervalIsOverAreDropped) {
    SlowMode slow;
    Clock::time_point t{};
    for (int i = 0; i < 10'000; ++i) {
        t += 10ms;
        ASSERT_EQ(slow.take("lobby", "user" + std::to_string(i), 1s, t), std::nullopt);
        ASSERT_LE(slow.tracked(), 256u); // about 100 live at any time
    }
    EXPECT_GT(slow.prune(t + 1s), 0u);
    EXPECT_EQ(slow.tracked(), 0u);
}

} // namespace
} // namespace chatd::moderation
