// What a join replays: the range after the client's seq up to the replay
// point, the newest `cap` of it, from scratch in another epoch; and when the
// page read for it misses messages.
#include "history_request.hpp"
#include "replay.hpp"

#include <gtest/gtest.h>

namespace chatd::history {
namespace {

using nlohmann::json;

const RoomHead kHead{.room = "r", .epoch = "e1", .last_seq = 40, .last_ts_ms = 0};

Page page_from(uint64_t first, uint64_t last) {
    Page page;
    for (uint64_t s = first; s <= last; ++s) {
        StoredMessage m;
        m.seq = s;
        page.messages.push_back(std::move(m));
    }
    return page;
}

TEST(Replay, ReadsTheRangeAfterSinceUpToTheReplayPoint) {
    const Replay r = plan_replay("r", {.since = 10}, kHead, 30, 500);
    EXPECT_FALSE(r.epoch_changed);
    ASSERT_TRUE(r.query);
    EXPECT_EQ(r.query->anchor, Anchor::Between);
    EXPECT_EQ(r.query->seq, 11u);
    EXPECT_EQ(r.query->seq_last, 30u);
    EXPECT_EQ(r.query->limit, 500u);
    EXPECT_FALSE(truncated(r, 30, page_from(11, 30)));
}

TEST(Replay, AGapOverTheCapReadsTheNewestAndIsTruncated) {
    const Replay r = plan_replay("r", {.since = 10, .epoch = "e1"}, kHead, 30, 5);
    ASSERT_TRUE(r.query);
    EXPECT_EQ(r.query->seq, 26u);
    EXPECT_EQ(r.query->seq_last, 30u);
    EXPECT_TRUE(truncated(r, 30, page_from(26, 30)));
}

TEST(Replay, MessagesRetentionDeletedMakeItTruncated) {
    const Replay r = plan_replay("r", {.since = 10}, kHead, 30, 500);
    EXPECT_TRUE(truncated(r, 30, page_from(20, 30)));
    EXPECT_TRUE(truncated(r, 30, Page{})) << "all of them gone";
}

TEST(Replay, NothingToReadForAClientThatHasItAll) {
    for (uint64_t since : {30u, 35u}) {
        const Replay r = plan_replay("r", {.since = since}, kHead, 30, 500);
        EXPECT_FALSE(r.query);
        EXPECT_FALSE(truncated(r, 30, Page{}));
    }
}

TEST(Replay, AnotherEpochStartsFromScratch) {
    const Replay r = plan_replay("r", {.since = 10, .epoch = "e0"}, kHead, 30, 500);
    EXPECT_TRUE(r.epoch_changed);
    EXPECT_EQ(r.after, 0u);
    ASSERT_TRUE(r.query);
    EXPECT_EQ(r.query->seq, 1u);
    EXPECT_FALSE(truncated(r, 30, page_from(1, 30)));
}

TEST(ResumeRequest, SinceAndEpochAreOptionalAndChecked) {
    EXPECT_FALSE(parse_resume_request(json{{"room", "r"}}).since);
    const ResumeRequest both = parse_resume_request(json{{"since", 4}, {"epoch", "e"}});
    EXPECT_EQ(both.since, 4u);
    EXPECT_EQ(both.epoch, "e");
    for (const json &bad : {json{{"since", -1}}, json{{"since", "4"}}, json{{"since", 1.5}},
                            json{{"epoch", "e"}}, json{{"since", 1}, {"epoch", ""}}})
        EXPECT_THROW(parse_resume_request(bad), BadRequest) << bad;
}

} // namespace
} // namespace chatd::history
