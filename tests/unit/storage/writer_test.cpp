#include "writer_fixture.hpp"

#include <chatd/storage/transaction.hpp>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

namespace chatd::storage {
namespace {

TEST_F(WriterTest, JobsFromManyThreadsShareFewCommitsAndCompleteAfterTheyAreVisible) {
    start({.max_batch = 1024});
    Database reader(path, {.access = Access::ReadOnly});
    std::atomic<int> unseen{0};
    // The completions use the locals above: however the test ends, the
    // writer thread is done with them before they go.
    struct StopFirst {
        Writer &writer;
        ~StopFirst() { writer.stop(); }
    } stop_first{*writer};
    // Runs on the writer thread after the commit: a query on another
    // connection must find the row already.
    auto completion = [&](int k) {
        return [&, k, done = outcomes.completion(k)](const std::optional<Error> &error) {
            {
                // Back in reader's cache before done: once the last job is
                // done the test may close reader.
                auto select = reader.prepare_cached("SELECT 1 FROM t WHERE k = ?1");
                select->bind(1, k);
                if (select->step() != Step::Row) ++unseen;
            }
            done(error);
        };
    };
    auto insert = [](int k) {
        return [k](Database &db) {
            auto statement = db.prepare_cached("INSERT INTO t (k) VALUES (?1)");
            statement->bind(1, k).run();
        };
    };

    constexpr int kThreads = 4, kPerThread = 500, kJobs = kThreads * kPerThread;
    ASSERT_EQ(writer->submit(gate.job(), outcomes.completion(-1)), Submitted::Queued);
    gate.wait_entered();
    std::vector<std::thread> submitters;
    for (int t = 0; t < kThreads; ++t)
        submitters.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const int k = t * kPerThread + i;
                EXPECT_EQ(writer->submit(insert(k), completion(k)), Submitted::Queued);
            }
        });
    for (auto &submitter : submitters)
        submitter.join();
    gate.open();

    ASSERT_TRUE(outcomes.wait_for(kJobs + 1));
    for (const auto &[k, error] : outcomes.all())
        EXPECT_FALSE(error) << k << ": " << error->what();
    EXPECT_EQ(unseen.load(), 0);
    EXPECT_EQ(stored_keys().size(), size_t{kJobs});
    const WriterStats stats = writer->stats();
    // The gate's batch, then 2000 queued jobs in batches of at most 1024.
    EXPECT_EQ(stats.batches, 3u);
    EXPECT_EQ(stats.commits, 3u);
    EXPECT_EQ(stats.jobs_committed, uint64_t{kJobs + 1});
    EXPECT_EQ(stats.jobs_failed, 0u);
}

TEST_F(WriterTest, AFailingJobFailsAloneInItsBatch) {
    start();
    ASSERT_EQ(writer->submit(gate.job(), outcomes.completion(-1)), Submitted::Queued);
    gate.wait_entered();
    insert(1);
    insert(1); // the primary key is taken
    ASSERT_EQ(writer->submit([](Database &) { throw std::runtime_error("no such room"); },
                             outcomes.completion(2)),
              Submitted::Queued);
    insert(3);
    gate.open();

    ASSERT_TRUE(outcomes.wait_for(4));
    auto all = outcomes.all();
    EXPECT_FALSE(all[3]);
    ASSERT_TRUE(all[2]);
    EXPECT_NE(std::string(all[2]->what()).find("no such room"), std::string::npos);
    EXPECT_EQ(writer->stats().jobs_failed, 2u);
    EXPECT_EQ(writer->stats().batches, 2u);
    EXPECT_EQ(stored_keys(), (std::vector<int>{1, 3}));
}

TEST_F(WriterTest, BeforeCommitRunsOncePerBatchAndItsFailureFailsTheBatch) {
    // The first batch's step writes in the same transaction; the second's
    // throws after writing, which must undo the whole batch, jobs included.
    int calls = 0;
    start({.before_commit = [&calls](Database &db) {
        auto insert = db.prepare_cached("INSERT INTO t (k) VALUES (?1)");
        insert->bind(1, 100 + calls).run();
        if (++calls == 2) throw std::runtime_error("counter broken");
    }});
    ASSERT_EQ(writer->submit(gate.job(), outcomes.completion(-1)), Submitted::Queued);
    gate.wait_entered();
    insert(1);
    insert(2);
    gate.open();
    ASSERT_TRUE(outcomes.wait_for(3));
    auto all = outcomes.all();
    EXPECT_FALSE(all[-1]);
    for (const int k : {1, 2}) {
        ASSERT_TRUE(all[k]) << k;
        EXPECT_NE(std::string(all[k]->what()).find("counter broken"), std::string::npos);
    }
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(writer->stats().batches, 2u);
    EXPECT_EQ(writer->stats().commits, 1u);
    EXPECT_EQ(stored_keys(), (std::vector<int>{100}));
}

TEST_F(WriterTest, IdleWorkRunsBetweenBatchesInStepsAndYieldsToJobs) {
    // Ten steps of background work, each in its own transaction; a job
    // queued while a step runs goes before the next step, and a step that
    // fails is tried again after the next batch.
    int steps = 0;
    Gate step_gate, failing_step_gate;
    std::promise<void> last_step;
    start({.idle = [&](Database &db) {
        const int step = steps++;
        Transaction transaction(db);
        auto insert = db.prepare_cached("INSERT INTO t (k) VALUES (?1)");
        insert->bind(1, 1000 + step).run();
        if (step == 0) step_gate.pass();
        if (step == 1) {
            failing_step_gate.pass();
            throw std::runtime_error("step failed");
        }
        transaction.commit();
        if (step == 9) last_step.set_value();
        return step < 9;
    }});
    step_gate.wait_entered();
    insert(1);
    step_gate.open();
    failing_step_gate.wait_entered();
    insert(2);
    failing_step_gate.open();
    ASSERT_TRUE(outcomes.wait_for(2));
    // The failed step was rolled back; the rest ran after the next batch.
    ASSERT_EQ(last_step.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
    writer->stop();
    EXPECT_EQ(writer->stats().idle_failed, 1u);
    EXPECT_EQ(writer->stats().idle_runs, 9u);
    std::vector<int> expected{1, 2, 1000};
    for (int k = 1002; k < 1010; ++k)
        expected.push_back(k);
    EXPECT_EQ(stored_keys(), expected);
}

TEST_F(WriterTest, AJobWithoutASavepointKeepsWhatItDidBeforeItFailed) {
    // Undo::Statements: SQLite undoes the failed statement, not the job.
    start();
    ASSERT_EQ(writer->submit(gate.job(), outcomes.completion(-1)), Submitted::Queued);
    gate.wait_entered();
    auto two_rows = [](Database &db) {
        db.exec("INSERT INTO t (k) VALUES (7)");
        db.exec("INSERT INTO t (k) VALUES (7)"); // the key is taken
    };
    ASSERT_EQ(writer->submit(two_rows, outcomes.completion(7), Undo::Statements),
              Submitted::Queued);
    insert(8);
    gate.open();
    ASSERT_TRUE(outcomes.wait_for(3));
    auto all = outcomes.all();
    EXPECT_TRUE(all[7]);
    EXPECT_FALSE(all[8]);
    EXPECT_EQ(stored_keys(), (std::vector<int>{7, 8}));
}

TEST_F(WriterTest, AFullQueueRefusesRatherThanGrows) {
    start({.max_batch = 1024, .max_queue = 3});
    ASSERT_EQ(writer->submit(gate.job(), outcomes.completion(-1)), Submitted::Queued);
    gate.wait_entered();
    for (int k = 0; k < 3; ++k)
        insert(k);
    EXPECT_EQ(writer->submit([](Database &) {}, outcomes.completion(99)), Submitted::QueueFull);
    gate.open();
    ASSERT_TRUE(outcomes.wait_for(4));
    EXPECT_EQ(outcomes.all().count(99), 0u) << "a refused job never completes";
    EXPECT_EQ(stored_keys(), (std::vector<int>{0, 1, 2}));
}

TEST_F(WriterTest, StopFinishesWhatIsQueuedAndRefusesMore) {
    start();
    ASSERT_EQ(writer->submit(gate.job(), outcomes.completion(-1)), Submitted::Queued);
    gate.wait_entered();
    for (int k = 0; k < 10; ++k)
        insert(k);
    std::thread stopper([&] { writer->stop(); });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (writer->submit([](Database &) {}, outcomes.completion(99)) == Submitted::Queued) {
        // Submitted before stop() took effect: it will run too.
        ASSERT_LT(std::chrono::steady_clock::now(), deadline);
        std::this_thread::yield();
    }
    gate.open();
    stopper.join();
    auto all = outcomes.all();
    for (int k = 0; k < 10; ++k)
        EXPECT_TRUE(all.count(k) && !all[k]) << k;
    EXPECT_EQ(writer->submit([](Database &) {}, outcomes.completion(100)), Submitted::Stopped);
    EXPECT_EQ(stored_keys().size(), 10u);
}

} // namespace
} // namespace chatd::storage
