// Retention: a pass deletes the oldest messages past a room's age or count,
// in bounded steps that appends interleave with, and leaves the rest of a
// room's history (its head, its numbering, its epoch) as it was.
#include "store_fixture.hpp"

#include <future>
#include <memory>
#include <numeric>

namespace chatd::history {
namespace {

using Seqs = std::vector<uint64_t>;

Seqs range(uint64_t first, uint64_t last) {
    Seqs seqs(last - first + 1);
    std::iota(seqs.begin(), seqs.end(), first);
    return seqs;
}

class RetentionTest : public StoreTest {
protected:
    // Messages 1..n in room, message i stored at time i seconds.
    void stored_at_seconds(const std::string &room, int n) {
        for (int i = 1; i <= n; ++i) {
            now_ms = 1000 * i;
            stored(room, room + " " + std::to_string(i));
        }
    }
};

TEST_F(RetentionTest, ByAgeDeletesWhatIsOlderThanTheMaximumAge) {
    stored_at_seconds("r", 10);
    now_ms = 20'000;
    // Older than 20 s - 13.5 s = 6.5 s: messages 1 to 6.
    const Trimmed trimmed = trim({.all = {.max_age_ms = 13'500}});
    EXPECT_FALSE(trimmed.error);
    EXPECT_EQ(trimmed.messages, 6u);
    EXPECT_EQ(trimmed.rooms, 1u);
    EXPECT_EQ(seqs_in("r"), range(7, 10));
    EXPECT_EQ(trim({.all = {.max_age_ms = 13'500}}).messages, 0u) << "nothing more is that old";
}

TEST_F(RetentionTest, ByCountKeepsTheNewestAndNumberingCarriesOn) {
    stored_many("r", 10);
    const RetentionPolicy three{.all = {.max_messages = 3}};
    EXPECT_EQ(trim(three).messages, 7u);
    EXPECT_EQ(seqs_in("r"), range(8, 10));
    EXPECT_EQ(stored("r", "eleven").seq, 11u);
    EXPECT_EQ(trim(three).messages, 1u);
    EXPECT_EQ(seqs_in("r"), range(9, 11));
}

TEST_F(RetentionTest, BothBoundsApplyAndTheStricterWins) {
    stored_at_seconds("r", 10);
    now_ms = 10'000;
    // Age alone would keep 6..10 (newer than 5.5 s), count alone 3..10.
    EXPECT_EQ(trim({.all = {.max_age_ms = 4'500, .max_messages = 8}}).messages, 5u);
    EXPECT_EQ(seqs_in("r"), range(6, 10));
    // Here the count is the stricter.
    EXPECT_EQ(trim({.all = {.max_age_ms = 4'500, .max_messages = 2}}).messages, 3u);
    EXPECT_EQ(seqs_in("r"), range(9, 10));
}

TEST_F(RetentionTest, ARoomsOwnRetentionReplacesTheDefault) {
    for (const char *room : {"plain", "support", "archive"})
        stored_many(room, 8);
    const Trimmed trimmed = trim(
        {.all = {.max_messages = 2}, .rooms = {{"support", {.max_messages = 5}}, {"archive", {}}}});
    EXPECT_EQ(trimmed.messages, 6u + 3u);
    EXPECT_EQ(trimmed.rooms, 2u);
    EXPECT_EQ(seqs_in("plain"), range(7, 8));
    EXPECT_EQ(seqs_in("support"), range(4, 8));
    EXPECT_EQ(seqs_in("archive"), range(1, 8)) << "a room kept forever is not trimmed";
}

TEST_F(RetentionTest, APassLongerThanOneStepDeletesEverythingInBoundedSteps) {
    retention_step = 10;
    reopen();
    // More rooms than a step looks at, and more messages than it deletes.
    constexpr int kRooms = 12;
    for (int r = 0; r < kRooms; ++r)
        stored_many("room-" + std::to_string(r), r == 0 ? 40 : 5);
    const uint64_t batches = store->writer_stats().batches;
    const Trimmed trimmed = trim({.all = {.max_messages = 2}});
    EXPECT_FALSE(trimmed.error);
    EXPECT_EQ(trimmed.messages, 38u + 11u * 3u);
    EXPECT_EQ(trimmed.rooms, static_cast<uint64_t>(kRooms))
        << "a room split over steps counts once";
    // 71 messages and 12 rooms at no more than 10 of them per step.
    EXPECT_GE(store->writer_stats().batches - batches, 8u);
    EXPECT_EQ(seqs_in("room-0"), range(39, 40));
    for (int r = 1; r < kRooms; ++r)
        EXPECT_EQ(seqs_in("room-" + std::to_string(r)), range(4, 5)) << r;
}

TEST_F(RetentionTest, AppendsDuringAPassKeepGaplessSeqsAndNothingNewerGoes) {
    retention_step = 5; // a pass of many steps, so that appends come between them
    reopen();
    stored_at_seconds("r", 60);
    now_ms = 1'000'000;
    // Older than 40.5 s: messages 1..40; what is appended now is newer.
    auto outcome = std::make_shared<std::promise<Trimmed>>();
    store->trim({.all = {.max_age_ms = 1'000'000 - 40'500}},
                [outcome](Trimmed t) { outcome->set_value(std::move(t)); });
    const Seqs appended = stored_many("r", 50);
    auto pass = outcome->get_future();
    ASSERT_EQ(pass.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    const Trimmed trimmed = pass.get();
    EXPECT_FALSE(trimmed.error);
    EXPECT_EQ(trimmed.messages, 40u);
    EXPECT_EQ(appended, range(61, 110)) << "appends are numbered in order, without gaps";
    EXPECT_EQ(seqs_in("r"), range(41, 110));
}

TEST_F(RetentionTest, TheHeadTargetsAndEpochStayWhenEverythingIsTrimmed) {
    stored_many("r", 4);
    const Committed last = stored("r", "five");
    const RoomHead before = store->head("r");
    now_ms = now_ms + 60'000;
    EXPECT_EQ(trim({.all = {.max_age_ms = 1'000}}).messages, 5u);
    EXPECT_TRUE(seqs_in("r").empty());
    const Page latest = store->query({.room = "r"});
    EXPECT_TRUE(latest.messages.empty());
    EXPECT_FALSE(latest.more);
    const RoomHead after = store->head("r");
    EXPECT_EQ(after.epoch, before.epoch) << "a trimmed history is the same history";
    EXPECT_EQ(after.last_seq, 5u);
    EXPECT_EQ(after.last_ts_ms, last.ts_ms);
    const RoomHeads targets = store->heads_after(last.ts_ms - 1, 10);
    ASSERT_EQ(targets.rooms.size(), 1u);
    EXPECT_EQ(targets.rooms[0].last_seq, 5u);
    const Committed next = stored("r", "six");
    EXPECT_EQ(next.seq, 6u);
    EXPECT_EQ(next.epoch, before.epoch);
}

TEST_F(RetentionTest, KeepingEverythingDeletesNothing) {
    stored_many("r", 3);
    now_ms = now_ms + 1'000'000'000;
    const Trimmed trimmed = trim({});
    EXPECT_EQ(trimmed.messages, 0u);
    EXPECT_EQ(trimmed.rooms, 0u);
    EXPECT_FALSE(trimmed.error);
    EXPECT_EQ(seqs_in("r"), range(1, 3));
}

TEST_F(RetentionTest, StoppingEndsAPassAfterItsCurrentStep) {
    retention_step = 1; // a pass of hundreds of steps
    reopen();
    stored_many("r", 300);
    auto outcome = std::make_shared<std::promise<Trimmed>>();
    store->trim({.all = {.max_messages = 1}},
                [outcome](Trimmed t) { outcome->set_value(std::move(t)); });
    store->stop(); // returns: the pass does not hold the writer
    auto pass = outcome->get_future();
    ASSERT_EQ(pass.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    const Trimmed trimmed = pass.get();
    ASSERT_TRUE(trimmed.error);
    EXPECT_EQ(trimmed.error->fault(), Fault::Unavailable);
    EXPECT_LT(trimmed.messages, 299u);
    // What the pass deleted is gone and nothing else: the rest is whole.
    reopen();
    EXPECT_EQ(seqs_in("r"), range(trimmed.messages + 1, 300));
    EXPECT_EQ(trim({.all = {.max_messages = 1}}).messages, 299u - trimmed.messages);
}

TEST_F(RetentionTest, APassOnAStoppedStoreEndsAtOnce) {
    store->stop();
    const Trimmed trimmed = trim({.all = {.max_messages = 1}});
    ASSERT_TRUE(trimmed.error);
    EXPECT_EQ(trimmed.error->fault(), Fault::Unavailable);
}

} // namespace
} // namespace chatd::history
