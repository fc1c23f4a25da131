// The search and sender indexes: filled as a small batch commits, behind
// the appends when batches are big, and read right either way.
#include "store_fixture.hpp"

#include <chatd/storage/database.hpp>

#include <chrono>
#include <thread>

namespace chatd::history {
namespace {

using Seqs = std::vector<uint64_t>;

class IndexTest : public StoreTest {
protected:
    Seqs found(const std::string &words, Query query = {.room = "r", .limit = 1000}) {
        query.search = words;
        return seqs_of(store->query(query));
    }
    // Whether the indexer has nothing left, waited for with a deadline.
    bool caught_up() {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (store->index_lag() > 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return store->index_lag() == 0;
    }
    static Seqs range(uint64_t first, uint64_t last) {
        Seqs seqs;
        for (uint64_t s = first; s <= last; ++s)
            seqs.push_back(s);
        return seqs;
    }
};

TEST_F(IndexTest, ASmallBatchIsFoundAsSoonAsItIsAcked) {
    for (uint64_t n = 1; n <= 5; ++n) {
        const std::string word = "word" + std::to_string(n);
        ASSERT_EQ(stored("r", word).seq, n);
        EXPECT_EQ(found(word), (Seqs{n}));
        EXPECT_EQ(store->index_lag(), 0u);
    }
}

TEST_F(IndexTest, BehindTheAppendsTheIndexesCatchUpOnceTheWriterIsIdle) {
    index_inline_max = 0; // every batch is left to the indexer
    reopen();
    stored_many("r", 300); // "r 1" .. "r 300"
    ASSERT_TRUE(caught_up());
    EXPECT_EQ(found("r"), range(1, 300));
    EXPECT_EQ(seqs_of(store->query({.room = "r", .limit = 1000, .from = "alice"})), range(1, 300));
    EXPECT_GE(store->writer_stats().idle_runs, 1u);
}

TEST_F(IndexTest, WithNoLagAllowedEveryAckedMessageIsIndexed) {
    index_inline_max = 0;
    index_lag_max = 0;
    reopen();
    stored_many("r", 300);
    EXPECT_EQ(found("r"), range(1, 300));
    EXPECT_TRUE(caught_up());
}

// A run that stopped with the indexes behind: a sender's messages beyond
// them are read from the messages, with every anchor and across the
// boundary; search finds them once a store has caught up.
TEST_F(IndexTest, ASendersMessagesBeyondTheIndexAreReadFromTheMessages) {
    for (int n = 1; n <= 20; ++n)
        stored("r", "message" + std::to_string(n), n % 2 ? "odd" : "even");
    store.reset();
    {
        storage::Database db(path);
        db.exec("UPDATE history_rooms SET indexed_seq = 8;"
                "DELETE FROM history_by_sender WHERE seq > 8;"
                "INSERT INTO history_search(history_search, rowid, text) "
                "SELECT 'delete', (room_id << 32) | seq, text FROM history_messages "
                "WHERE seq > 8;");
    }
    SqliteHistoryReader reader(path);
    auto page = [&](const Query &query) { return reader.query(query); };
    EXPECT_EQ(seqs_of(page({.room = "r", .anchor = Anchor::Latest, .limit = 3, .from = "odd"})),
              (Seqs{15, 17, 19}));
    const Page across =
        page({.room = "r", .anchor = Anchor::Before, .seq = 12, .limit = 3, .from = "odd"});
    EXPECT_EQ(seqs_of(across), (Seqs{7, 9, 11}));
    EXPECT_TRUE(across.more);
    EXPECT_EQ(
        seqs_of(page({.room = "r", .anchor = Anchor::After, .seq = 4, .limit = 4, .from = "even"})),
        (Seqs{6, 8, 10, 12}));
    const Page all_even = page({.room = "r",
                                .anchor = Anchor::Between,
                                .seq = 5,
                                .seq_last = 20,
                                .limit = 8,
                                .from = "even"});
    EXPECT_EQ(seqs_of(all_even), (Seqs{6, 8, 10, 12, 14, 16, 18, 20}));
    EXPECT_FALSE(all_even.more);
    EXPECT_EQ(
        seqs_of(page({.room = "r", .anchor = Anchor::Around, .seq = 9, .limit = 4, .from = "odd"})),
        (Seqs{5, 7, 9, 11}));
    EXPECT_TRUE(
        page({.room = "r", .anchor = Anchor::Latest, .search = "message12"}).messages.empty());

    open();
    EXPECT_EQ(found("message12"), (Seqs{12}));
    EXPECT_EQ(seqs_of(store->query({.room = "r", .limit = 3, .from = "odd"})), (Seqs{15, 17, 19}));
}

} // namespace
} // namespace chatd::history
