#include "writer_fixture.hpp"

#include <chatd/storage/reader_pool.hpp>

#include <atomic>
#include <thread>

namespace chatd::storage {
namespace {

// Each job moves one unit from account 0 to account 1 in two statements, so
// a reader that saw half a transaction would find a total other than 1000.
TEST_F(WriterTest, ReadersSeeWholeCommitsWhileTheWriterWrites) {
    start();
    ASSERT_EQ(writer->submit(
                  [](Database &db) {
                      db.exec("CREATE TABLE accounts (id INTEGER PRIMARY KEY, units INTEGER);"
                              "INSERT INTO accounts VALUES (0, 1000), (1, 0)");
                  },
                  outcomes.completion(-1)),
              Submitted::Queued);
    ASSERT_TRUE(outcomes.wait_for(1));

    constexpr int kMoves = 1000;
    std::atomic<bool> writing{true};
    std::thread submitter([&] {
        for (int k = 0; k < kMoves; ++k) {
            auto move = [](Database &db) {
                db.exec("UPDATE accounts SET units = units - 1 WHERE id = 0");
                db.exec("UPDATE accounts SET units = units + 1 WHERE id = 1");
            };
            while (writer->submit(move, outcomes.completion(k)) == Submitted::QueueFull)
                std::this_thread::yield();
        }
    });

    ReaderPool readers(path, {}, 2);
    int reads = 0;
    int64_t last_moved = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (last_moved < kMoves && std::chrono::steady_clock::now() < deadline) {
        const auto [total, moved] = readers.read([](Database &db) {
            // Two queries in one read: the same snapshot for both.
            Statement sum = db.prepare("SELECT sum(units) FROM accounts");
            sum.step();
            Statement second = db.prepare("SELECT units FROM accounts WHERE id = 1");
            second.step();
            return std::pair(sum.column_int64(0), second.column_int64(0));
        });
        ASSERT_EQ(total, 1000);
        ASSERT_GE(moved, last_moved) << "a later read saw an older commit";
        last_moved = moved;
        ++reads;
    }
    submitter.join();
    ASSERT_TRUE(outcomes.wait_for(kMoves + 1));
    EXPECT_EQ(last_moved, kMoves);
    EXPECT_GT(reads, 1);
    EXPECT_LE(readers.idle(), 2u);
}

TEST(ReaderPool, ReadsThroughReadOnlyConnectionsAndKeepsThemForReuse) {
    chatd::test::TempDir dir;
    Database((dir.path() / "r.db")).exec("CREATE TABLE t (x); INSERT INTO t VALUES (7)");
    ReaderPool readers((dir.path() / "r.db"), {}, 1);
    EXPECT_EQ(readers.read([](Database &db) { return db.access(); }), Access::ReadOnly);
    EXPECT_EQ(readers.idle(), 1u);
    EXPECT_THROW(readers.read([](Database &db) { db.exec("INSERT INTO t VALUES (8)"); }), Error);
    EXPECT_EQ(readers.idle(), 1u) << "the connection came back after the error";
}

} // namespace
} // namespace chatd::storage
