#pragma once

#include "chatd/storage/database.hpp"
#include "chatd/storage/error.hpp"

#include <atomic>
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
    size_t max_batch = 1024;
    // Jobs waiting at most; submit() refuses more rather than grow.
    size_t max_queue = 65536;
    // Runs once per batch on the writer thread, after the batch's jobs and
    // before its COMMIT, in a savepoint of its own: work that costs less
    // once per transaction than once per job (SQLite's FTS5 flushes its
    // pending index at every savepoint, so indexing inside each job's
    // savepoint writes one index segment per job). If it throws, its own
    // writes are undone and the jobs' still commit; it is counted in
    // WriterStats and should make up for it in a later batch.
    std::function<void(Database &)> before_commit = {};
};

struct WriterStats {
    uint64_t batches = 0;        // transactions begun
    uint64_t commits = 0;        // of which committed
    uint64_t jobs_committed = 0; // jobs whose completion had no error
    uint64_t jobs_failed = 0;    // jobs whose completion had one
    uint64_t before_commit_failed = 0;
};

enum class Submitted { Queued, QueueFull, Stopped };

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
    [[nodiscard]] Submitted submit(Job job, Completion completion);
    // Refuses new jobs, runs every job already queued (in batches, as usual:
    // queued work is finished, not failed, so a clean shutdown loses no
    // accepted write), then joins the thread. Idempotent.
    void stop();

    WriterStats stats() const;

private:
    struct Pending {
        Job job;
        Completion completion;
    };

    void run();
    void write_batch(std::vector<Pending> &batch);
    // Runs work in a savepoint; returns its error, if any.
    std::optional<Error> run_in_savepoint(const std::function<void(Database &)> &work);

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
    std::atomic<uint64_t> before_commit_failed_{0};

    std::thread thread_; // last: starts once everything above exists
};

} // namespace chatd::storage
