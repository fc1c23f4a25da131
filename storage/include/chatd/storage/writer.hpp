#pragma once

#include "chatd/storage/database.hpp"
#include "chatd/storage/error.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace chatd::storage {

struct WriterOptions {
    // Jobs committed in one transaction at most: bounds how long one commit
    // holds the write lock and how late the first job of a batch hears back.
    size_t max_batch = 4096;
    // Jobs waiting at most; submit() refuses more rather than grow.
    size_t max_queue = 65536;
    // Runs once per batch on the writer thread, after the batch's jobs and
    // before its COMMIT, in the batch's transaction: work that costs less
    // once per transaction than once per job (a counter every job advances,
    // written once). If it throws, the batch fails as a failed COMMIT
    // would; work it can do without belongs in a Savepoint of its own.
    std::function<void(Database &)> before_commit = {};
    // Background work (an index to catch up): runs once no job has come for
    // idle_after (so not in the gaps of a burst), with no transaction open (it opens one for what
    // it writes, and only then: a lock another process holds would make even an empty one wait),
    // and again while it returns true and still no job waits, so a job waits for one call at most.
    // A call that throws is counted; the next try comes after the next batch. Not run once stop()
    // has been called.
    std::function<bool(Database &)> idle = {};
    std::chrono::milliseconds idle_after{10};
};

struct WriterStats {
    uint64_t batches = 0;        // transactions begun
    uint64_t commits = 0;        // of which committed
    uint64_t jobs_committed = 0; // jobs whose completion had no error
    uint64_t jobs_failed = 0;    // jobs whose completion had one
    uint64_t idle_runs = 0;      // idle calls that returned
    uint64_t idle_failed = 0;    // idle calls that threw
};

enum class Submitted { Queued, QueueFull, Stopped };

// How a job that throws is undone, the rest of its batch going on.
enum class Undo {
    // A savepoint of its own (two statements more per job) rolls it back.
    Savepoint,
    // Nothing: the job leaves the database as it should be whichever of its
    // statements fails (SQLite undoes a failed statement by itself), e.g.
    // one INSERT, or an INSERT whose row stands on its own before another.
    Statements,
};

// The one thread that writes, owning the write connection. Group commit:
// it takes every job waiting (up to max_batch), runs them in one transaction,
// each in its own savepoint so a job that throws fails alone, commits, and
// only then calls each job's completion, with no error exactly when the job's
// writes are committed. When the BEGIN or the COMMIT fails (a full disk, a
// read-only file, a lock held too long), every job of that batch completes
// with that error, and the next batch is tried as if nothing happened, so
// writing resumes by itself once the fault clears.
class Writer {
public:
    // Runs on the writer thread inside the batch's transaction; throws to
    // fail (an Error, or any std::exception, which becomes one). It may keep
    // results (a row id) in what it captured for its completion to read.
    using Job = std::function<void(Database &)>;
    // Runs on the writer thread after the batch committed or failed; post the
    // result to your own thread from here. Must not throw (it would end the
    // process) and should be quick: the next batch waits for it.
    using Completion = std::function<void(const std::optional<Error> &)>;

    Writer(Database db, WriterOptions options = {});
    // stop().
    ~Writer();
    Writer(const Writer &) = delete;
    Writer &operator=(const Writer &) = delete;

    // From any thread. The completion is called exactly once if and only if
    // the job is Queued.
    [[nodiscard]] Submitted submit(Job job, Completion completion, Undo undo = Undo::Savepoint);
    // Refuses new jobs, runs every job already queued (in batches, as usual:
    // queued work is finished, not failed, so a clean shutdown loses no
    // accepted write), then joins the thread. Idempotent.
    void stop();

    WriterStats stats() const;
    // Writer thread only: which transaction the running job or before_commit
    // is in. A job that leaves work for before_commit tags it with this: a
    // job failure can end a transaction mid-batch (jobs before it then fail)
    // and the rest of the batch runs in a new one.
    uint64_t transaction_number() const { return batches_.load(std::memory_order_relaxed); }

private:
    struct Pending {
        Job job;
        Completion completion;
        Undo undo;
    };

    void run();
    void write_batch(std::vector<Pending> &batch);
    // Calls options_.idle until it has nothing left, a job arrives or the
    // writer stops.
    void run_idle();
    // Runs a job, undone as it asks if it throws; returns its error, if any.
    std::optional<Error> run_job(const Job &job, Undo undo);

    Database db_;
    const WriterOptions options_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending> queue_;
    bool stopping_ = false;

    std::atomic<uint64_t> batches_{0};
    std::atomic<uint64_t> commits_{0};
    std::atomic<uint64_t> jobs_committed_{0};
    std::atomic<uint64_t> jobs_failed_{0};
    std::atomic<uint64_t> idle_runs_{0};
    std::atomic<uint64_t> idle_failed_{0};

    std::thread thread_; // last: starts once everything above exists
};

} // namespace chatd::storage
