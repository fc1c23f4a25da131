// Every anchor, alone and with a sender, paging across a room, and the
// queries the store refuses.
#include "store_fixture.hpp"

#include <chatd/storage/database.hpp>

#include <set>

namespace chatd::history {
namespace {

using Seqs = std::vector<uint64_t>;

// A room of `count` messages; seq n is sent by "even" or "odd" by n's
// parity, at ts 1000 * n, except that seqs 6 and 7 share ts 6000.
class QueryTest : public StoreTest {
protected:
    void fill(int count) {
        for (int n = 1; n <= count; ++n) {
            now_ms = 1000 * (n == 7 ? 6 : n);
            stored("r", "message " + std::to_string(n), n % 2 ? "odd" : "even");
        }
    }
    Page page(const Query &query) { return store->query(query); }
};

TEST_F(QueryTest, LatestBeforeAndAfterReadFromTheirEnd) {
    fill(10);
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::Latest, .limit = 3})), (Seqs{8, 9, 10}));
    EXPECT_TRUE(page({.room = "r", .anchor = Anchor::Latest, .limit = 3}).more);
    EXPECT_FALSE(page({.room = "r", .anchor = Anchor::Latest, .limit = 10}).more);
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::Before, .seq = 5, .limit = 3})),
              (Seqs{2, 3, 4}));
    EXPECT_TRUE(page({.room = "r", .anchor = Anchor::Before, .seq = 5, .limit = 3}).more);
    EXPECT_FALSE(page({.room = "r", .anchor = Anchor::Before, .seq = 5, .limit = 4}).more);
    EXPECT_TRUE(page({.room = "r", .anchor = Anchor::Before, .seq = 1}).messages.empty());
    EXPECT_TRUE(page({.room = "r", .anchor = Anchor::Before, .seq = 0}).messages.empty());
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::After, .seq = 7, .limit = 2})),
              (Seqs{8, 9}));
    EXPECT_TRUE(page({.room = "r", .anchor = Anchor::After, .seq = 7, .limit = 2}).more);
    EXPECT_FALSE(page({.room = "r", .anchor = Anchor::After, .seq = 7, .limit = 3}).more);
    EXPECT_TRUE(page({.room = "r", .anchor = Anchor::After, .seq = UINT64_MAX}).messages.empty());
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::Before, .seq = UINT64_MAX, .limit = 1})),
              (Seqs{10}));
}

TEST_F(QueryTest, PagingBothWaysGivesEverySeqOnce) {
    fill(25);
    // The seqs of every page from `query` on, each next one anchored at the
    // edge of the last one towards `next`.
    auto walk = [this](Query query, Anchor next) {
        std::multiset<uint64_t> seen;
        for (int pages = 0; pages < 25; ++pages) {
            const Page p = page(query);
            EXPECT_TRUE(std::is_sorted(p.messages.begin(), p.messages.end(),
                                       [](auto &a, auto &b) { return a.seq < b.seq; }));
            for (const StoredMessage &m : p.messages)
                seen.insert(m.seq);
            if (!p.more) return seen;
            query.anchor = next;
            query.seq = next == Anchor::Before ? p.messages.front().seq : p.messages.back().seq;
        }
        ADD_FAILURE() << "more than 25 pages";
        return seen;
    };
    for (const std::optional<std::string> &from :
         {std::optional<std::string>(), std::optional<std::string>("odd")}) {
        const size_t expected = from ? 13 : 25;
        const auto backwards =
            walk({.room = "r", .anchor = Anchor::Latest, .limit = 4, .from = from}, Anchor::Before);
        const auto forwards =
            walk({.room = "r", .anchor = Anchor::After, .seq = 0, .limit = 4, .from = from},
                 Anchor::After);
        EXPECT_EQ(backwards.size(), expected);
        EXPECT_EQ(std::set<uint64_t>(backwards.begin(), backwards.end()).size(), expected);
        EXPECT_EQ(forwards, backwards);
    }
}

TEST_F(QueryTest, AroundTakesHalfEachSideAndFillsFromTheOtherAtAnEnd) {
    fill(10);
    const Page middle = page({.room = "r", .anchor = Anchor::Around, .seq = 5, .limit = 5});
    EXPECT_EQ(seqs_of(middle), (Seqs{3, 4, 5, 6, 7}));
    EXPECT_TRUE(middle.more);
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::Around, .seq = 5, .limit = 4})),
              (Seqs{3, 4, 5, 6}));
    const Page first = page({.room = "r", .anchor = Anchor::Around, .seq = 1, .limit = 4});
    EXPECT_EQ(seqs_of(first), (Seqs{1, 2, 3, 4}));
    EXPECT_TRUE(first.more);
    const Page last = page({.room = "r", .anchor = Anchor::Around, .seq = 10, .limit = 4});
    EXPECT_EQ(seqs_of(last), (Seqs{7, 8, 9, 10}));
    EXPECT_TRUE(last.more);
    const Page all = page({.room = "r", .anchor = Anchor::Around, .seq = 9, .limit = 10});
    EXPECT_EQ(all.messages.size(), 10u);
    EXPECT_FALSE(all.more);
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::Around, .seq = 50, .limit = 2})),
              (Seqs{9, 10}));
    // From a sender, seq 5 is odd's and seq 6 is not there to include.
    EXPECT_EQ(
        seqs_of(page({.room = "r", .anchor = Anchor::Around, .seq = 5, .limit = 3, .from = "odd"})),
        (Seqs{3, 5, 7}));
    EXPECT_EQ(
        seqs_of(page({.room = "r", .anchor = Anchor::Around, .seq = 6, .limit = 2, .from = "odd"})),
        (Seqs{5, 7}));
}

TEST_F(QueryTest, BetweenIncludesBothEndsFromTheOldest) {
    fill(10);
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::Between, .seq = 3, .seq_last = 6})),
              (Seqs{3, 4, 5, 6}));
    const Page cut =
        page({.room = "r", .anchor = Anchor::Between, .seq = 3, .seq_last = 6, .limit = 3});
    EXPECT_EQ(seqs_of(cut), (Seqs{3, 4, 5}));
    EXPECT_TRUE(cut.more);
    EXPECT_FALSE(
        page({.room = "r", .anchor = Anchor::Between, .seq = 3, .seq_last = 6, .limit = 4}).more);
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::Between, .seq = 4, .seq_last = 4})),
              (Seqs{4}));
    EXPECT_EQ(
        seqs_of(page(
            {.room = "r", .anchor = Anchor::Between, .seq = 2, .seq_last = 7, .from = "even"})),
        (Seqs{2, 4, 6}));
    EXPECT_EQ(
        seqs_of(page({.room = "r", .anchor = Anchor::Between, .seq = 9, .seq_last = UINT64_MAX})),
        (Seqs{9, 10}));
}

TEST_F(QueryTest, TimeAnchorsAreStrictAndReadFromTheirEnd) {
    fill(10); // ts 1000 * seq, seqs 6 and 7 both at 6000
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::BeforeTime, .ts_ms = 6000, .limit = 2})),
              (Seqs{4, 5}));
    EXPECT_TRUE(page({.room = "r", .anchor = Anchor::BeforeTime, .ts_ms = 6000, .limit = 2}).more);
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::BeforeTime, .ts_ms = 6001, .limit = 2})),
              (Seqs{6, 7}));
    EXPECT_EQ(
        seqs_of(page({.room = "r", .anchor = Anchor::BeforeTime, .ts_ms = 99'999, .limit = 1})),
        (Seqs{10}));
    EXPECT_TRUE(page({.room = "r", .anchor = Anchor::BeforeTime, .ts_ms = 1000}).messages.empty());
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = 5000, .limit = 2})),
              (Seqs{6, 7}));
    EXPECT_TRUE(page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = 5000, .limit = 2}).more);
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = 5999, .limit = 3})),
              (Seqs{6, 7, 8}));
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = 6000, .limit = 10})),
              (Seqs{8, 9, 10}));
    EXPECT_FALSE(page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = 6000, .limit = 10}).more);
    EXPECT_TRUE(page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = 10'000}).messages.empty());
    EXPECT_TRUE(
        page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = INT64_MAX}).messages.empty());
    EXPECT_EQ(
        seqs_of(page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = INT64_MIN, .limit = 1})),
        (Seqs{1}));
}

// A time is found by a binary search of the seqs, which deleted messages
// leave gaps in.
TEST_F(QueryTest, TimeAnchorsFindTheirPlaceAcrossGaps) {
    fill(12);
    store.reset();
    {
        storage::Database db(path);
        db.exec("DELETE FROM history_messages WHERE seq IN (1, 3, 4, 5, 8, 12)");
    }
    open();
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = 2000, .limit = 2})),
              (Seqs{6, 7}));
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::BeforeTime, .ts_ms = 6000})), (Seqs{2}));
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = 6000})),
              (Seqs{9, 10, 11}));
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::BeforeTime, .ts_ms = 1000})), Seqs{});
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = 11'000})), Seqs{});
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::BeforeTime, .ts_ms = 99'000})),
              (Seqs{2, 6, 7, 9, 10, 11}));
}

TEST_F(QueryTest, FromKeepsToOneSenderWithEveryAnchor) {
    fill(10);
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::Latest, .limit = 2, .from = "even"})),
              (Seqs{8, 10}));
    EXPECT_EQ(
        seqs_of(page({.room = "r", .anchor = Anchor::Before, .seq = 8, .limit = 2, .from = "odd"})),
        (Seqs{5, 7}));
    const Page after =
        page({.room = "r", .anchor = Anchor::After, .seq = 6, .limit = 2, .from = "odd"});
    EXPECT_EQ(seqs_of(after), (Seqs{7, 9}));
    EXPECT_FALSE(after.more);
    EXPECT_EQ(seqs_of(page({.room = "r",
                            .anchor = Anchor::BeforeTime,
                            .ts_ms = 6000,
                            .limit = 2,
                            .from = "even"})),
              (Seqs{2, 4}));
    EXPECT_EQ(
        seqs_of(page({.room = "r", .anchor = Anchor::AfterTime, .ts_ms = 5000, .from = "odd"})),
        (Seqs{7, 9}));
    EXPECT_TRUE(page({.room = "r", .anchor = Anchor::Latest, .from = "nobody"}).messages.empty());
    const Page one = page({.room = "r", .anchor = Anchor::Latest, .limit = 1, .from = "even"});
    ASSERT_EQ(one.messages.size(), 1u);
    EXPECT_EQ(one.messages[0].from, "even");
    EXPECT_TRUE(one.more);
}

TEST_F(QueryTest, RoomsDoNotLeakIntoEachOther) {
    fill(3);
    stored("s", "elsewhere", "odd");
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::After, .seq = 0, .from = "odd"})),
              (Seqs{1, 3}));
    EXPECT_EQ(seqs_of(store->query({.room = "s", .anchor = Anchor::Latest})), (Seqs{1}));
}

StoreError refusal(HistoryStore &store, const Query &query) {
    try {
        store.query(query);
    } catch (const StoreError &e) {
        return e;
    }
    ADD_FAILURE() << "the query was answered";
    return StoreError(Fault::Other, "");
}

TEST_F(QueryTest, QueriesWithoutAnAnswerAreRefusedAsBadQueries) {
    fill(3);
    const StoreError zero = refusal(*store, {.room = "r", .limit = 0});
    EXPECT_EQ(zero.fault(), Fault::BadQuery);
    EXPECT_NE(std::string(zero.what()).find("limit"), std::string::npos) << zero.what();
    const StoreError backwards =
        refusal(*store, {.room = "r", .anchor = Anchor::Between, .seq = 3, .seq_last = 2});
    EXPECT_EQ(backwards.fault(), Fault::BadQuery);
    EXPECT_NE(std::string(backwards.what()).find("between"), std::string::npos);
    // Refused whether or not the room exists: the answer must not depend on it.
    EXPECT_EQ(refusal(*store, {.room = "nobody", .limit = 0}).fault(), Fault::BadQuery);
    EXPECT_EQ(refusal(*store, {.room = "r", .search = " \t "}).fault(), Fault::BadQuery);
    EXPECT_EQ(refusal(*store, {.room = "r", .search = ""}).fault(), Fault::BadQuery);
}

} // namespace
} // namespace chatd::history
