// The same text again within a window, on a clock the test moves.
#include "repeats.hpp"

#include <gtest/gtest.h>

#include <string>

namespace chatd::moderation {
namespace {

using namespace std::chrono_literals;
using Clock = RepeatGuard::Clock;

TEST(RepeatGuardTest, TheSameTextWithinTheWindowIsARepeat) {
    RepeatGuard guard;
    const Clock::time_point t0{};
    EXPECT_FALSE(guard.repeated("ann", "hello there", 30s, t0));
    EXPECT_TRUE(guard.repeated("ann", "hello there", 30s, t0 + 29s));
    EXPECT_FALSE(guard.repeated("ann", "hello there", 30s, t0 + 30s))
        << "the window runs from the text that passed, not from the refused one";
    EXPECT_TRUE(guard.repeated("ann", "hello there", 30s, t0 + 31s));
}

TEST(RepeatGuardTest, CaseAndSurroundingWhiteSpaceDoNotMakeATextNew) {
    RepeatGuard guard;
    const Clock::time_point t0{};
    EXPECT_FALSE(guard.repeated("ann", "Buy \xD0\x9F\xD0\xA0\xD0\x98 now", 30s, t0));
    EXPECT_TRUE(guard.repeated("ann", "  bUY \xD0\xBF\xD1\x80\xD0\xB8 NOW\n", 30s, t0));
    EXPECT_FALSE(guard.repeated("ann", "buy  \xD0\xBF\xD1\x80\xD0\xB8 now", 30s, t0))
        << "white space inside the text counts";
    EXPECT_FALSE(guard.repeated("ann", "\xFF", 30s, t0));
    EXPECT_FALSE(guard.repeated("ann", "\xC3\xBF", 30s, t0)) << "a bad byte is not U+00FF";
}

TEST(RepeatGuardTest, UsersAreApartAndTheirNamesFoldCase) {
    RepeatGuard guard;
    const Clock::time_point t0{};
    EXPECT_FALSE(guard.repeated("ann", "hi", 30s, t0));
    EXPECT_FALSE(guard.repeated("bob", "hi", 30s, t0));
    EXPECT_TRUE(guard.repeated("ANN", "hi", 30s, t0));
}

TEST(RepeatGuardTest, OnlyTheLastFewTextsAreRemembered) {
    RepeatGuard guard;
    const Clock::time_point t0{};
    EXPECT_FALSE(guard.repeated("ann", "first", 30s, t0));
    for (std::size_t i = 0; i < RepeatGuard::kRemembered - 1; ++i)
        EXPECT_FALSE(guard.repeated("ann", "other " + std::to_string(i), 30s, t0));
    EXPECT_TRUE(guard.repeated("ann", "first", 30s, t0));
    EXPECT_FALSE(guard.repeated("ann", "one more", 30s, t0));
    EXPECT_FALSE(guard.repeated("ann", "first", 30s, t0)) << "pushed out";
}

TEST(RepeatGuardTest, AWindowOfZeroIsOff) {
    RepeatGuard guard;
    EXPECT_FALSE(guard.repeated("ann", "hi", 0ms, Clock::time_point{}));
    EXPECT_FALSE(guard.repeated("ann", "hi", 0ms, Clock::time_point{}));
    EXPECT_EQ(guard.tracked(), 0u);
}

TEST(RepeatGuardTest, UsersWhoseWindowIsOverAreDropped) {
    RepeatGuard guard;
    Clock::time_point t{};
    for (int i = 0; i < 10'000; ++i) {
        t += 10ms;
        ASSERT_FALSE(guard.repeated("user" + std::to_string(i), "hi", 1s, t));
        ASSERT_LE(guard.tracked(), 256u);
    }
    guard.prune(t + 1s);
    EXPECT_EQ(guard.tracked(), 0u);
}

} // namespace
} // namespace chatd::moderation
