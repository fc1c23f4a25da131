// Appending: numbering per room, time, epochs, durability across a reopen,
// and faults that must not use up a seq.
#include "store_fixture.hpp"

#include <chatd/storage/database.hpp>

#include <set>
#include <thread>

namespace chatd::history {
namespace {

TEST_F(StoreTest, EachRoomIsNumberedFromOneInTheOrderOfAppends) {
    EXPECT_EQ(stored("a", "1").seq, 1u);
    EXPECT_EQ(stored("a", "2").seq, 2u);
    EXPECT_EQ(stored("b", "1").seq, 1u);
    EXPECT_EQ(stored("a", "3").seq, 3u);
    const RoomHead head = store->head("a");
    EXPECT_EQ(head.last_seq, 3u);
    EXPECT_EQ(head.epoch, stored("a", "4").epoch);
    // One database, one epoch for the rooms it starts.
    EXPECT_EQ(head.epoch, stored("b", "2").epoch);
}

TEST_F(StoreTest, AMessageReadsBackAsItWasStored) {
    ASSERT_TRUE(std::holds_alternative<Committed>(append("dev", "hi", "bob", R"({"mood":"ok"})")));
    stored("dev", "plain");
    const Page page = store->query({.room = "dev", .anchor = Anchor::Latest});
    ASSERT_EQ(page.messages.size(), 2u);
    EXPECT_FALSE(page.more);
    EXPECT_EQ(page.messages[0].from, "bob");
    EXPECT_EQ(page.messages[0].text, "hi");
    EXPECT_EQ(page.messages[0].extra_json, R"({"mood":"ok"})");
    EXPECT_EQ(page.messages[0].ts_ms, now_ms.load());
    EXPECT_EQ(page.messages[1].extra_json, "{}");
}

TEST_F(StoreTest, TimeNeverGoesBackWithinARoom) {
    now_ms = 5'000;
    EXPECT_EQ(stored("r", "a").ts_ms, 5'000);
    now_ms = 4'000; // the clock stepped back
    EXPECT_EQ(stored("r", "b").ts_ms, 5'000);
    EXPECT_EQ(stored("other", "c").ts_ms, 4'000);
    now_ms = 6'000;
    EXPECT_EQ(stored("r", "d").ts_ms, 6'000);
}

TEST_F(StoreTest, MessagesAndNumberingSurviveAReopen) {
    const std::string epoch = stored("r", "one").epoch;
    stored("r", "two");
    reopen();
    const Committed third = stored("r", "three");
    EXPECT_EQ(third.seq, 3u);
    EXPECT_EQ(third.epoch, epoch);
    EXPECT_EQ(seqs_of(store->query({.room = "r", .anchor = Anchor::Latest})),
              (std::vector<uint64_t>{1, 2, 3}));
}

TEST_F(StoreTest, ANewDatabaseGivesARoomANewEpoch) {
    const std::string first = stored("r", "one").epoch;
    store.reset();
    std::filesystem::remove_all(path.parent_path());
    open();
    const Committed again = stored("r", "one again");
    EXPECT_EQ(again.seq, 1u);
    EXPECT_NE(again.epoch, first);
}

TEST_F(StoreTest, ARoomDeletedByHandAndMadeAgainHasANewEpoch) {
    const std::string first = stored("r", "one").epoch;
    stored("r", "two");
    store.reset();
    {
        storage::Database db(path);
        db.exec("DELETE FROM history_messages WHERE room_id = "
                "(SELECT room_id FROM history_rooms WHERE name = 'r');"
                "DELETE FROM history_rooms WHERE name = 'r';");
    }
    open();
    const RoomHead empty = store->head("r");
    EXPECT_NE(empty.epoch, first);
    EXPECT_EQ(empty.last_seq, 0u);
    const Committed again = stored("r", "one again");
    EXPECT_EQ(again.seq, 1u);
    EXPECT_EQ(again.epoch, empty.epoch);
    EXPECT_EQ(stored("s", "elsewhere").epoch, first) << "other rooms keep the database's";
}

TEST_F(StoreTest, AnAppendThatFailsUsesNoSeqAndTheNextOneIsStored) {
    stored("r", "one");
    store.reset();
    open(std::chrono::milliseconds(50));
    {
        // Another process holds the write lock past the busy timeout.
        storage::Database other(path);
        other.exec("BEGIN IMMEDIATE");
        const Appended failed = append("r", "lost");
        ASSERT_TRUE(std::holds_alternative<StoreError>(failed));
        EXPECT_EQ(std::get<StoreError>(failed).fault(), Fault::Busy);
        other.exec("ROLLBACK");
    }
    EXPECT_EQ(stored("r", "two").seq, 2u);
    EXPECT_EQ(seqs_of(store->query({.room = "r", .anchor = Anchor::After, .seq = 0})),
              (std::vector<uint64_t>{1, 2}));
}

TEST_F(StoreTest, ConcurrentAppendersGetEverySeqOnceInOrder) {
    constexpr int kThreads = 4, kEach = 200;
    std::vector<std::thread> threads;
    std::mutex mu;
    std::set<uint64_t> seqs;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                const uint64_t seq =
                    stored("busy", std::to_string(t) + "-" + std::to_string(i)).seq;
                std::lock_guard lock(mu);
                EXPECT_TRUE(seqs.insert(seq).second) << "seq " << seq << " given twice";
            }
        });
    for (auto &t : threads)
        t.join();
    ASSERT_EQ(seqs.size(), size_t{kThreads * kEach});
    EXPECT_EQ(*seqs.begin(), 1u);
    EXPECT_EQ(*seqs.rbegin(), uint64_t{kThreads * kEach});
    const Page page = store->query(
        {.room = "busy", .anchor = Anchor::After, .seq = 0, .limit = kThreads * kEach});
    EXPECT_EQ(page.messages.size(), size_t{kThreads * kEach});
    EXPECT_TRUE(std::is_sorted(page.messages.begin(), page.messages.end(),
                               [](auto &a, auto &b) { return a.seq < b.seq; }));
}

TEST_F(StoreTest, PagesSayWhetherThereIsMore) {
    for (int i = 1; i <= 5; ++i)
        stored("r", std::to_string(i));
    Page latest = store->query({.room = "r", .anchor = Anchor::Latest, .limit = 2});
    EXPECT_EQ(seqs_of(latest), (std::vector<uint64_t>{4, 5}));
    EXPECT_TRUE(latest.more);
    Page before = store->query({.room = "r", .anchor = Anchor::Before, .seq = 3, .limit = 2});
    EXPECT_EQ(seqs_of(before), (std::vector<uint64_t>{1, 2}));
    EXPECT_FALSE(before.more);
    Page after = store->query({.room = "r", .anchor = Anchor::After, .seq = 1, .limit = 3});
    EXPECT_EQ(seqs_of(after), (std::vector<uint64_t>{2, 3, 4}));
    EXPECT_TRUE(after.more);
}

TEST_F(StoreTest, ARoomWithoutHistoryHasAnEmptyHeadAndAnEmptyPage) {
    const Page page = store->query({.room = "nobody", .anchor = Anchor::Latest});
    EXPECT_TRUE(page.messages.empty());
    EXPECT_FALSE(page.more);
    const RoomHead nobody = store->head("nobody");
    EXPECT_EQ(nobody.last_seq, 0u);
    // The epoch its history will have once it begins.
    EXPECT_EQ(nobody.epoch, stored("nobody", "first").epoch);
}

TEST_F(StoreTest, AReaderOfAMissingFileSaysWhichFile) {
    try {
        SqliteHistoryReader reader(dir.path() / "missing.db");
        reader.head("r");
        FAIL() << "a missing database was read";
    } catch (const StoreError &e) {
        EXPECT_NE(std::string(e.what()).find("missing.db"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace chatd::history
