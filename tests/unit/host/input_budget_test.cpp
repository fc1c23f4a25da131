// InputBudget: received bytes held by the server, partial (still arriving)
// and queued (waiting for the pipeline), and may_read, the rule that pauses
// and resumes reading a connection.
#include "net/input_budget.hpp"

#include <gtest/gtest.h>

namespace chatd::net {
namespace {

TEST(InputBudget, PartialGrowthCountsOnlyWhatIsNew) {
    InputBudget budget(1000);
    budget.hold(7, 100);
    budget.hold(7, 250);
    budget.hold(8, 50);
    EXPECT_EQ(budget.used(), 300u);
    EXPECT_EQ(budget.partial_bytes(), 300u);
}

TEST(InputBudget, HandedOverBytesStayTakenUntilDone) {
    InputBudget budget(1000);
    budget.hold(7, 200);
    EXPECT_EQ(budget.hand_over(7), 200u);
    EXPECT_EQ(budget.partial_bytes(), 0u);
    EXPECT_EQ(budget.used(), 200u);
    // Handed over, the partial is gone: releasing it gives nothing back twice.
    EXPECT_EQ(budget.hand_over(7), 0u);
    budget.release(7);
    EXPECT_EQ(budget.used(), 200u);
    budget.done(200);
    EXPECT_EQ(budget.used(), 0u);
}

TEST(InputBudget, ReleaseGivesBackOnce) {
    InputBudget budget(1000);
    budget.hold(7, 300);
    budget.hold(8, 100);
    budget.release(7);
    budget.release(7);
    EXPECT_EQ(budget.used(), 100u);
    EXPECT_EQ(budget.partial_bytes(), 100u);
    budget.release(8);
    EXPECT_EQ(budget.used(), 0u);
}

TEST(InputBudget, ReportsReachingHalfFromAboveOnly) {
    InputBudget budget(1000);
    budget.hold(1, 700);
    budget.hand_over(1);
    EXPECT_FALSE(budget.done(100)); // 600: still above half
    EXPECT_TRUE(budget.done(100));  // 500: half
    EXPECT_FALSE(budget.done(100)); // below, already reported
    budget.hold(2, 300);            // 700
    EXPECT_TRUE(budget.release(2)); // 400: a partial's release counts too
}

TEST(InputBudget, ShedsTheLargestPartialPastHalfTheLimit) {
    InputBudget budget(1000);
    budget.hold(1, 200);
    budget.hold(2, 250);
    budget.hold(3, 50);
    EXPECT_EQ(budget.over_share(), std::nullopt); // 500: exactly half
    budget.hold(1, 260);
    EXPECT_EQ(budget.over_share(), 1u);
    budget.release(1);
    EXPECT_EQ(budget.over_share(), std::nullopt);
}

TEST(InputBudget, QueuedBytesAloneNeverShedAnyone) {
    InputBudget budget(1000);
    budget.hold(1, 900);
    budget.hand_over(1);
    budget.hold(2, 400);
    EXPECT_TRUE(budget.exhausted());
    EXPECT_EQ(budget.over_share(), std::nullopt);
}

// The deadlock the budget must not have: partials fill it while their senders
// are paused. Shedding while partials are over half leaves, once the queue
// has drained, a total at most half: where paused connections resume.
TEST(InputBudget, AfterSheddingAndDrainingReadingResumes) {
    InputBudget budget(1000);
    const InputLimits limits{.connection_bytes = 1 << 20, .all_bytes = 1000};
    budget.hold(100, 400);
    budget.hand_over(100); // queued, will drain
    for (uint64_t holder = 1; holder <= 6; ++holder) {
        budget.hold(holder, 100 + holder);
        while (auto largest = budget.over_share())
            budget.release(*largest);
    }
    EXPECT_LE(budget.partial_bytes(), 500u);
    const ConnectionInput paused{.waiting = 2, .waiting_bytes = 20, .partial_bytes = 0};
    EXPECT_FALSE(may_read(paused, budget.used(), limits, true));
    budget.done(400);
    EXPECT_TRUE(may_read(paused, budget.used(), limits, true));
}

const InputLimits kLimits{.connection_bytes = 1000, .all_bytes = 10'000};

TEST(MayRead, AloneKeepsReadingWhenEveryonesBudgetIsFull) {
    const ConnectionInput just_read{.waiting = 1, .waiting_bytes = 50, .partial_bytes = 0};
    const ConnectionInput chat_line{.waiting = 0, .waiting_bytes = 0, .partial_bytes = 100};
    EXPECT_TRUE(may_read(just_read, 20'000, kLimits, false));
    EXPECT_TRUE(may_read(chat_line, 20'000, kLimits, false));
    EXPECT_TRUE(may_read(chat_line, 20'000, kLimits, true));
}

TEST(MayRead, ALargeMessageArrivingWaitsForRoom) {
    const ConnectionInput large{.waiting = 0, .waiting_bytes = 0, .partial_bytes = 5000};
    EXPECT_TRUE(may_read(large, 9'000, kLimits, false));
    EXPECT_FALSE(may_read(large, 10'000, kLimits, false));
    EXPECT_FALSE(may_read(large, 6'000, kLimits, true));
    EXPECT_TRUE(may_read(large, 5'000, kLimits, true));
}

TEST(MayRead, OwnBoundCountsThePartialButNeedsSomethingWaiting) {
    const ConnectionInput behind{.waiting = 2, .waiting_bytes = 600, .partial_bytes = 400};
    EXPECT_FALSE(may_read(behind, 0, kLimits, false));
    // Nothing in the pipeline would ever resume it: max_message_bytes bounds it.
    const ConnectionInput nothing_waiting{.waiting = 0, .waiting_bytes = 0, .partial_bytes = 900};
    const ConnectionInput over{.waiting = 0, .waiting_bytes = 0, .partial_bytes = 3000};
    EXPECT_TRUE(may_read(nothing_waiting, 0, kLimits, false));
    EXPECT_TRUE(may_read(over, 0, kLimits, true));
}

TEST(MayRead, ResumingWaitsForHalfOfEachBound) {
    const ConnectionInput many{
        .waiting = kResumeReading + 1, .waiting_bytes = 10, .partial_bytes = 0};
    const ConnectionInput fewer{.waiting = kResumeReading, .waiting_bytes = 10, .partial_bytes = 0};
    EXPECT_TRUE(may_read(many, 0, kLimits, false));
    EXPECT_FALSE(may_read(many, 0, kLimits, true));
    EXPECT_TRUE(may_read(fewer, 0, kLimits, true));
    const ConnectionInput full{.waiting = kStopReading, .waiting_bytes = 10, .partial_bytes = 0};
    EXPECT_FALSE(may_read(full, 0, kLimits, false));
    const ConnectionInput bytes{.waiting = 3, .waiting_bytes = 600, .partial_bytes = 0};
    EXPECT_TRUE(may_read(bytes, 0, kLimits, false));
    EXPECT_FALSE(may_read(bytes, 0, kLimits, true));
}

TEST(MayRead, UnreadAnswersStopReadingEvenAlone) {
    const InputLimits limits{.connection_bytes = 1000, .all_bytes = 10'000, .reply_bytes = 400};
    const ConnectionInput asking{.waiting = 0, .partial_bytes = 0, .reply_bytes = 400};
    const ConnectionInput behind{.waiting = 0, .partial_bytes = 0, .reply_bytes = 401};
    EXPECT_TRUE(may_read(asking, 0, limits, false));
    EXPECT_FALSE(may_read(behind, 0, limits, false));
    EXPECT_FALSE(may_read(asking, 0, limits, true)) << "resumes at half";
    const ConnectionInput drained{.waiting = 0, .partial_bytes = 0, .reply_bytes = 200};
    EXPECT_TRUE(may_read(drained, 0, limits, true));
}

} // namespace
} // namespace chatd::net
