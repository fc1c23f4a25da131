// The writer under faults: each must surface as an error on exactly the jobs
// it cost, never as a success for something not committed, and writing must
// resume by itself once the fault is gone.
#include "writer_fixture.hpp"

#include <chatd/storage/transaction.hpp>

#include <algorithm>

namespace chatd::storage {
namespace {

TEST_F(WriterTest, AFailedCommitFailsEveryJobOfTheBatchAndTheNextBatchCommits) {
    start();
    ASSERT_EQ(writer->submit(
                  [](Database &db) {
                      db.exec("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                              "CREATE TABLE child (p INTEGER REFERENCES parent"
                              " DEFERRABLE INITIALLY DEFERRED)");
                  },
                  outcomes.completion(-2)),
              Submitted::Queued);
    ASSERT_EQ(writer->submit(gate.job(), outcomes.completion(-1)), Submitted::Queued);
    gate.wait_entered();
    insert(1);
    // Fine inside the transaction; only COMMIT checks a deferred foreign key.
    ASSERT_EQ(writer->submit([](Database &db) { db.exec("INSERT INTO child VALUES (42)"); },
                             outcomes.completion(2)),
              Submitted::Queued);
    insert(3);
    gate.open();
    ASSERT_TRUE(outcomes.wait_for(5));
    auto all = outcomes.all();
    for (int k : {1, 2, 3}) {
        ASSERT_TRUE(all[k]) << k << " completed without error, but nothing was committed";
        EXPECT_NE(std::string(all[k]->what()).find("FOREIGN KEY"), std::string::npos)
            << all[k]->what();
    }
    EXPECT_TRUE(stored_keys().empty());

    insert(4);
    ASSERT_TRUE(outcomes.wait_for(6));
    EXPECT_FALSE(outcomes.all()[4]);
    EXPECT_EQ(stored_keys(), std::vector<int>{4});
    const WriterStats stats = writer->stats();
    EXPECT_EQ(stats.batches, stats.commits + 1);
}

TEST_F(WriterTest, ALockHeldElsewhereFailsTheBatchBusyUntilItIsReleased) {
    start({}, {.busy_timeout = std::chrono::milliseconds(20)});
    Database other(path);
    auto held = std::make_unique<Transaction>(other);
    insert(1);
    ASSERT_TRUE(outcomes.wait_for(1));
    ASSERT_TRUE(outcomes.all()[1]);
    EXPECT_TRUE(outcomes.all()[1]->busy()) << outcomes.all()[1]->what();

    held.reset();
    insert(2);
    ASSERT_TRUE(outcomes.wait_for(2));
    EXPECT_FALSE(outcomes.all()[2]);
    EXPECT_EQ(stored_keys(), std::vector<int>{2});
}

TEST_F(WriterTest, AFullDiskFailsOnlyUncommittedJobsAndWritingResumesWhenThereIsRoom) {
    start();
    ASSERT_EQ(writer->submit(
                  [](Database &db) {
                      Statement pages = db.prepare("PRAGMA page_count");
                      pages.step();
                      db.exec("PRAGMA max_page_count = " +
                              std::to_string(pages.column_int64(0) + 2));
                  },
                  outcomes.completion(-2)),
              Submitted::Queued);
    ASSERT_EQ(writer->submit(gate.job(), outcomes.completion(-1)), Submitted::Queued);
    gate.wait_entered();
    insert(1);
    insert(2, 64 * 1024); // far more than two pages
    insert(3);
    gate.open();
    ASSERT_TRUE(outcomes.wait_for(5));

    auto all = outcomes.all();
    ASSERT_TRUE(all[2]);
    EXPECT_TRUE(all[2]->full()) << all[2]->what();
    // SQLite may undo only the failed statement or the whole transaction;
    // either way, exactly the jobs that reported success are stored.
    std::vector<int> succeeded;
    for (int k : {1, 2, 3})
        if (!all[k]) succeeded.push_back(k);
    EXPECT_EQ(stored_keys(), succeeded);
    EXPECT_TRUE(std::find(succeeded.begin(), succeeded.end(), 3) != succeeded.end());

    // The operator makes room.
    ASSERT_EQ(writer->submit([](Database &db) { db.exec("PRAGMA max_page_count = 100000"); },
                             outcomes.completion(-3)),
              Submitted::Queued);
    insert(4, 64 * 1024);
    ASSERT_TRUE(outcomes.wait_for(7));
    EXPECT_FALSE(outcomes.all()[4]);
    succeeded.push_back(4);
    EXPECT_EQ(stored_keys(), succeeded);
}

} // namespace
} // namespace chatd::storage
