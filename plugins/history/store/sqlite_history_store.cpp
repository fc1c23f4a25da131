#include "sqlite_history_store.hpp"

#include "core/timestamp.hpp"

#include "message_rows.hpp"
#include "retention_step.hpp"
#include "schema.hpp"
#include "tombstone.hpp"

#include <chatd/storage/error.hpp>
#include <chatd/storage/migrations.hpp>
#include <chatd/storage/transaction.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <system_error>
#include <utility>

namespace chatd::history {

namespace {

storage::Database open_for_writing(const SqliteOptions &options) {
    std::error_code error;
    std::filesystem::create_directories(options.path.parent_path(), error);
    if (error)
        throw StoreError(Fault::Unavailable, "cannot create the directory of " +
                                                 options.path.string() + ": " + error.message());
    try {
        storage::Database db(options.path, {.synchronous = options.synchronous,
                                            .busy_timeout = options.busy_timeout});
        storage::migrate(db, kSchemaOwner, schema_steps());
        // A deleted message's text is zeroed where its page is written
        // anyway, at no extra I/O; what FAST leaves (a long text's overflow
        // pages on the free list, older page copies in the WAL until a
        // checkpoint overwrites them, FTS5 segments not yet merged) is in
        // the plugin's README, with how an operator clears it for good.
        db.exec("PRAGMA secure_delete = FAST");
        // Whatever the last run left behind (or an older schema's rows).
        Indexer indexer(0, 0);
        storage::Transaction catch_up(db);
        while (indexer.step(db)) {
        }
        catch_up.commit();
        return db;
    } catch (const storage::Error &e) {
        throw store_error(e);
    }
}

} // namespace

StoreError store_error(const storage::Error &error) {
    static constexpr auto fault_of = [](storage::ErrorKind kind) {
        switch (kind) {
        case storage::ErrorKind::Busy: return Fault::Busy;
        case storage::ErrorKind::Full: return Fault::Full;
        case storage::ErrorKind::ReadOnly: return Fault::ReadOnly;
        case storage::ErrorKind::Corrupt: return Fault::Corrupt;
        case storage::ErrorKind::Other: break;
        }
        return Fault::Other;
    };
    return StoreError(fault_of(error.kind()), error.what());
}

SqliteHistoryStore::SqliteHistoryStore(const SqliteOptions &options)
    : clock_(options.clock ? options.clock : unix_ms_now), retention_step_(options.retention_step),
      indexer_(options.index_lag_max, options.index_inline_max),
      writer_(open_for_writing(options), with_batch_work(options.writer)), reader_(options.path) {}

storage::WriterOptions SqliteHistoryStore::with_batch_work(storage::WriterOptions options) {
    // Once per transaction, after its jobs: the messages, the rooms'
    // numbering, then the indexes (in each append's own savepoint FTS5 would
    // write an index segment per message).
    options.before_commit = [this](storage::Database &db) { write_appends(db); };
    // No transaction while no batch was left unindexed.
    options.idle = [this](storage::Database &db) {
        if (indexer_.lag() == 0) return false;
        storage::Transaction transaction(db);
        const bool more = indexer_.step(db);
        transaction.commit();
        return more;
    };
    return options;
}

SqliteHistoryStore::~SqliteHistoryStore() { stop(); }

void SqliteHistoryStore::stop() { writer_.stop(); }

// A message from append() to its completion. One allocation that the job
// and the completion share: lambdas of two pointers fit in std::function
// without one of their own, and at a hundred thousand appends a second the
// allocator is a cost.
struct SqliteHistoryStore::Append {
    NewMessage message;
    AppendDone done;
    Committed committed = {};
    uint64_t transaction = 0; // the writer's, when its job ran
};

std::optional<StoreError> SqliteHistoryStore::append(NewMessage message, AppendDone done) {
    auto *append = new Append{.message = std::move(message), .done = std::move(done)};
    // The job only lines the message up; write_appends() stores the batch's.
    auto job = [this, append](storage::Database &) {
        append->transaction = writer_.transaction_number();
        appends_.push_back(append);
    };
    // On the writer thread, before the next batch: a batch that did not
    // commit took its numbers with it.
    auto completion = [this, append](const std::optional<storage::Error> &e) {
        const std::unique_ptr<Append> owned(append);
        if (e) {
            numbering_.forget();
            owned->done(store_error(*e));
        } else {
            owned->done(std::move(owned->committed));
        }
    };
    auto refused = submit(std::move(job), std::move(completion), storage::Undo::Statements);
    if (refused) delete append; // the completion never runs
    return refused;
}

std::optional<StoreError> SqliteHistoryStore::delete_message(Deletion deletion, DeleteDone done) {
    auto outcome = std::make_shared<Deleted>(Deleted::NotFound);
    auto job = [this, deletion = std::move(deletion), outcome](storage::Database &db) {
        *outcome = write_tombstone(db, deletion, clock_());
    };
    auto completion = [outcome, done = std::move(done)](const std::optional<storage::Error> &e) {
        if (e) return done(store_error(*e));
        done(*outcome);
    };
    return submit(std::move(job), std::move(completion));
}

void SqliteHistoryStore::write_appends(storage::Database &db) {
    // Taken first: whatever happens here, these are done with.
    const std::vector<Append *> appends = std::exchange(appends_, {});
    const uint64_t transaction = writer_.transaction_number();
    const int64_t now_ms = clock_();
    std::vector<MessageRow> rows;
    std::vector<int64_t> rooms;
    rows.reserve(appends.size());
    rooms.reserve(appends.size());
    for (Append *append : appends) {
        // Lined up in a transaction that failed; its completion says so.
        if (append->transaction != transaction) continue;
        const auto numbered = numbering_.next(db, append->message.room, now_ms);
        append->committed = {numbered.seq, numbered.ts_ms, numbered.epoch};
        rows.push_back({numbered.room_id, numbered.seq, numbered.ts_ms, &append->message});
        rooms.push_back(numbered.room_id);
    }
    insert_messages(db, rows);
    numbering_.flush(db);
    indexer_.after_appends(db, rooms, rows.size());
}

std::optional<StoreError> SqliteHistoryStore::submit(storage::Writer::Job job,
                                                     storage::Writer::Completion completion,
                                                     storage::Undo undo) {
    switch (writer_.submit(std::move(job), std::move(completion), undo)) {
    case storage::Submitted::Queued: return std::nullopt;
    case storage::Submitted::QueueFull:
        return StoreError(Fault::Busy, "too many messages waiting to be stored");
    case storage::Submitted::Stopped: break;
    }
    return StoreError(Fault::Unavailable, "history is shutting down");
}

struct SqliteHistoryStore::TrimPass {
    const RetentionPolicy policy;
    RetentionWalk walk;
    Trimmed trimmed = {}; // committed steps only
    TrimDone done;

    void finish(std::optional<StoreError> error = std::nullopt) {
        trimmed.error = std::move(error);
        done(std::move(trimmed));
    }
};

void SqliteHistoryStore::trim(const RetentionPolicy &policy, TrimDone done) {
    trim_next(std::make_shared<TrimPass>(
        TrimPass{.policy = policy, .walk = {.now_ms = clock_()}, .done = std::move(done)}));
}

void SqliteHistoryStore::trim_next(std::shared_ptr<TrimPass> pass) {
    auto step = std::make_shared<Trimmed>();
    auto job = [pass, step, budget = retention_step_](storage::Database &db) {
        *step = trim_step(db, pass->policy, budget, pass->walk);
    };
    // On the writer thread, after the step's transaction: a failed step
    // ends the pass (the next pass starts over, and finds what is left).
    auto completion = [this, pass, step](const std::optional<storage::Error> &e) {
        if (e) return pass->finish(store_error(*e));
        pass->trimmed.messages += step->messages;
        pass->trimmed.rooms += step->rooms;
        if (pass->walk.finished) return pass->finish();
        trim_next(pass);
    };
    if (std::optional<StoreError> refused = submit(std::move(job), std::move(completion)))
        pass->finish(std::move(refused));
}

Page SqliteHistoryStore::query(const Query &query) { return reader_.query(query); }

RoomHead SqliteHistoryStore::head(const std::string &room) { return reader_.head(room); }

RoomHeads SqliteHistoryStore::heads_after(int64_t after_ts_ms, size_t limit) {
    return reader_.heads_after(after_ts_ms, limit);
}

DeletionPage SqliteHistoryStore::deletions(const std::string &cursor, size_t limit) {
    return reader_.deletions(cursor, limit);
}

} // namespace chatd::history
