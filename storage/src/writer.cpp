#include "chatd/storage/writer.hpp"

#include "chatd/storage/transaction.hpp"

#include <pthread.h>
#include <sqlite3.h>

namespace chatd::storage {

Writer::Writer(Database db, WriterOptions options)
    : db_(std::move(db)), options_(options), thread_([this] { run(); }) {}

Writer::~Writer() { stop(); }

Submitted Writer::submit(Job job, Completion completion, Undo undo) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return Submitted::Stopped;
        if (queue_.size() >= options_.max_queue) return Submitted::QueueFull;
        queue_.push_back({std::move(job), std::move(completion), undo});
    }
    wake_.notify_one();
    return Submitted::Queued;
}

void Writer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

WriterStats Writer::stats() const {
    return {batches_.load(),     commits_.load(),   jobs_committed_.load(),
            jobs_failed_.load(), idle_runs_.load(), idle_failed_.load()};
}

void Writer::run() {
    // So that top -H, perf and the benchmark can tell it from the rest.
    pthread_setname_np(pthread_self(), "chatd-writer");
    std::vector<Pending> batch;
    batch.reserve(options_.max_batch);
    for (;;) {
        run_idle();
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return; // stopping, and everything queued is done
            const size_t take = std::min(queue_.size(), options_.max_batch);
            for (size_t i = 0; i < take; ++i) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        write_batch(batch);
        batch.clear();
    }
}

namespace {

Error job_error(const Database &db) {
    try {
        throw;
    } catch (const Error &error) {
        return error;
    } catch (const std::exception &failure) {
        return Error(SQLITE_ERROR, std::string("job failed: ") + failure.what(), db.path());
    } catch (...) {
        return Error(SQLITE_ERROR, "job failed with an exception that is no std::exception",
                     db.path());
    }
}

// A completion that throws is a bug in its caller; noexcept makes it end the
// process where it happened rather than leave other jobs without an answer.
void complete(const Writer::Completion &completion, const std::optional<Error> &result) noexcept {
    completion(result);
}

} // namespace

std::optional<Error> Writer::run_job(const Job &job, Undo undo) {
    try {
        if (undo == Undo::Statements) {
            job(db_);
            return std::nullopt;
        }
        Savepoint savepoint(db_);
        job(db_);
        savepoint.release();
        return std::nullopt;
    } catch (...) {
        return job_error(db_);
    }
}

void Writer::write_batch(std::vector<Pending> &batch) {
    std::vector<std::optional<Error>> results(batch.size());
    // Jobs [open_from, i) ran in the open transaction; if it ends without a
    // commit, they fail with the reason.
    size_t open_from = 0;
    auto fail_open = [&](size_t end, const Error &error) {
        for (size_t j = open_from; j < end; ++j)
            if (!results[j]) results[j] = error;
    };
    std::optional<Transaction> transaction;
    auto begin = [&](size_t at) {
        open_from = at;
        ++batches_;
        try {
            transaction.emplace(db_);
            return true;
        } catch (const Error &error) {
            fail_open(batch.size(), error);
            return false;
        }
    };

    bool open = begin(0);
    for (size_t i = 0; open && i < batch.size(); ++i) {
        results[i] = run_job(batch[i].job, batch[i].undo);
        // A full disk or an I/O error can end the whole transaction in
        // SQLite, taking the earlier jobs' writes with it: those fail too,
        // and the rest of the batch goes into a new transaction.
        if (results[i] && !db_.in_transaction()) {
            fail_open(i, *results[i]);
            transaction.reset();
            open = begin(i + 1);
        }
    }
    if (open && options_.before_commit) {
        try {
            options_.before_commit(db_);
        } catch (...) {
            fail_open(batch.size(), job_error(db_));
            transaction.reset();
            open = false;
        }
    }
    if (open) {
        try {
            transaction->commit();
            ++commits_;
        } catch (const Error &error) {
            fail_open(batch.size(), error);
        }
    }

    for (size_t i = 0; i < batch.size(); ++i) {
        ++(results[i] ? jobs_failed_ : jobs_committed_);
        complete(batch[i].completion, results[i]);
    }
}

void Writer::run_idle() {
    if (!options_.idle) return;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, options_.idle_after,
                               [this] { return stopping_ || !queue_.empty(); }))
                return;
        }
        try {
            const bool more = options_.idle(db_);
            ++idle_runs_;
            if (!more) return;
        } catch (...) {
            ++idle_failed_;
            return;
        }
    }
}

} // namespace chatd::storage
