// Timers, driven by explicit time points: fire_due(now) is the clock, so no
// test waits for real time to pass.
#include "pipeline/timers.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace chatd::pipeline {
namespace {

using namespace std::chrono_literals;
using Clock = Timers::Clock;
using Ids = std::vector<uint64_t>;

class TimersTest : public ::testing::Test {
protected:
    // A callback that notes the id it fired for.
    Timers::Callback note() {
        return [this](uint64_t id) { fired.push_back(id); };
    }

    const int owner_a = 0, owner_b = 0; // their addresses are the owner tags
    Timers timers;
    Ids fired;
};

TEST_F(TimersTest, OneShotFiresOnceWhenDue) {
    uint64_t id = timers.start(&owner_a, 1h, 0ms, note());
    Clock::time_point started = Clock::now();
    ASSERT_TRUE(timers.next_due());
    EXPECT_LE(*timers.next_due(), started + 1h);
    EXPECT_GT(*timers.next_due(), started + 59min);

    timers.fire_due(started);
    EXPECT_TRUE(fired.empty());
    timers.fire_due(started + 2h);
    EXPECT_EQ(fired, (Ids{id}));
    timers.fire_due(started + 4h);
    EXPECT_EQ(fired, (Ids{id}));
    EXPECT_FALSE(timers.next_due());
}

TEST_F(TimersTest, IdsAreNeverReused) {
    uint64_t a = timers.start(&owner_a, 0ms, 0ms, note());
    EXPECT_TRUE(timers.cancel(&owner_a, a));
    uint64_t b = timers.start(&owner_a, 0ms, 0ms, note());
    EXPECT_NE(a, 0u);
    EXPECT_GT(b, a);
}

TEST_F(TimersTest, RepeatingRearmsByItsIntervalWithoutCatchingUp) {
    uint64_t id = timers.start(&owner_a, 0ms, 10ms, note());
    Clock::time_point now = Clock::now();
    timers.fire_due(now);
    EXPECT_EQ(fired, (Ids{id}));
    ASSERT_TRUE(timers.next_due());
    EXPECT_GT(*timers.next_due(), now);
    EXPECT_LE(*timers.next_due(), now + 10ms);

    timers.fire_due(*timers.next_due());
    EXPECT_EQ(fired.size(), 2u);

    // An hour late it fires once, not 360000 times, and counts on from now.
    Clock::time_point late = now + 1h;
    timers.fire_due(late);
    EXPECT_EQ(fired.size(), 3u);
    EXPECT_EQ(timers.next_due(), late + 10ms);
}

TEST_F(TimersTest, CallbackMayCancelItsOwnRepeatingTimer) {
    uint64_t id = timers.start(&owner_a, 0ms, 10ms, [this](uint64_t self) {
        fired.push_back(self);
        EXPECT_TRUE(timers.cancel(&owner_a, self));
    });
    Clock::time_point now = Clock::now();
    timers.fire_due(now);
    EXPECT_EQ(fired, (Ids{id}));
    EXPECT_FALSE(timers.next_due());
    timers.fire_due(now + 1h);
    EXPECT_EQ(fired, (Ids{id}));
}

TEST_F(TimersTest, CallbackMayCancelAnotherDueTimer) {
    uint64_t second = 0;
    timers.start(&owner_a, 0ms, 0ms, [&](uint64_t) { timers.cancel(&owner_a, second); });
    second = timers.start(&owner_a, 1ms, 0ms, note());
    timers.fire_due(Clock::now() + 1h);
    EXPECT_TRUE(fired.empty());
    EXPECT_FALSE(timers.next_due());
}

TEST_F(TimersTest, CancelNeedsTheOwnerAndALiveTimer) {
    uint64_t id = timers.start(&owner_a, 0ms, 0ms, note());
    EXPECT_FALSE(timers.cancel(&owner_b, id));
    EXPECT_FALSE(timers.cancel(&owner_a, id + 100));
    timers.fire_due(Clock::now());
    EXPECT_EQ(fired, (Ids{id}));
    EXPECT_FALSE(timers.cancel(&owner_a, id)) << "a one-shot is gone once fired";
}

TEST_F(TimersTest, CancelAllStopsOnlyThatOwnersTimers) {
    timers.start(&owner_a, 0ms, 0ms, note());
    uint64_t b = timers.start(&owner_b, 0ms, 5ms, note());
    timers.start(&owner_a, 0ms, 5ms, note());
    timers.cancel_all(&owner_a);
    timers.fire_due(Clock::now() + 1ms);
    EXPECT_EQ(fired, (Ids{b}));
}

TEST_F(TimersTest, NextDueIsTheEarliest) {
    EXPECT_FALSE(timers.next_due());
    timers.start(&owner_a, 2h, 0ms, note());
    uint64_t soon = timers.start(&owner_a, 1h, 0ms, note());
    Clock::time_point after = Clock::now();
    ASSERT_TRUE(timers.next_due());
    EXPECT_LE(*timers.next_due(), after + 1h);
    timers.cancel(&owner_a, soon);
    EXPECT_GT(*timers.next_due(), after + 1h);
}

TEST_F(TimersTest, DueTimersFireInDueOrder) {
    // A clock that stands still: on the real one, a stall of 10 ms between
    // the two starts (a loaded machine) would make "early" the later.
    const Clock::time_point manual = Clock::time_point() + 1000h;
    Timers still([&] { return manual; });
    uint64_t late = still.start(&owner_a, 20ms, 0ms, note());
    uint64_t early = still.start(&owner_a, 10ms, 0ms, note());
    still.fire_due(manual + 1h);
    EXPECT_EQ(fired, (Ids{early, late}));
}

TEST(TimersClock, DelaysCountFromTheClockTheTimersWereGiven) {
    // A manual clock far from the steady clock's now, as tests use.
    Clock::time_point manual = Clock::time_point() + 1000h;
    Timers timers([&] { return manual; });
    Ids fired;
    uint64_t id = timers.start(nullptr, 1s, 0ms, [&](uint64_t i) { fired.push_back(i); });
    EXPECT_EQ(timers.next_due(), manual + 1s);
    timers.fire_due(manual + 999ms);
    EXPECT_TRUE(fired.empty());
    timers.fire_due(manual + 1s);
    EXPECT_EQ(fired, (Ids{id}));
}

} // namespace
} // namespace chatd::pipeline
