#include "sqlite_history_store.hpp"

#include "retention_step.hpp"
#include "schema.hpp"
#include "search_index.hpp"

#include <chatd/storage/error.hpp>
#include <chatd/storage/migrations.hpp>
#include <chatd/storage/transaction.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <system_error>

namespace chatd::history {

namespace {

int64_t unix_ms_now() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

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
        storage::Transaction catch_up(db);
        search::index_all(db);
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
      writer_(open_for_writing(options), with_indexing(options.writer)), reader_(options.path) {}

storage::WriterOptions SqliteHistoryStore::with_indexing(storage::WriterOptions options) {
    // Once per transaction, after its appends: in each append's own
    // savepoint FTS5 would write an index segment per message. The rooms
    // stay listed until indexed, so a failed indexing is made up next time.
    options.before_commit = [this](storage::Database &db) {
        std::sort(unindexed_rooms_.begin(), unindexed_rooms_.end());
        unindexed_rooms_.erase(std::unique(unindexed_rooms_.begin(), unindexed_rooms_.end()),
                               unindexed_rooms_.end());
        search::index_rooms(db, unindexed_rooms_);
        unindexed_rooms_.clear();
    };
    return options;
}

SqliteHistoryStore::~SqliteHistoryStore() { stop(); }

void SqliteHistoryStore::stop() { writer_.stop(); }

std::optional<StoreError> SqliteHistoryStore::append(NewMessage message, AppendDone done) {
    auto committed = std::make_shared<Committed>();
    auto job = [this, message = std::move(message), committed](storage::Database &db) {
        // The room's next seq and a ts that never goes back, in the same
        // transaction as the message: a batch that fails numbers nothing.
        auto number = db.prepare_cached(
            "INSERT INTO history_rooms(name, epoch, last_seq, last_ts_ms) "
            "VALUES(?1, (SELECT value FROM history_meta WHERE key = 'epoch'), 1, ?2) "
            "ON CONFLICT(name) DO UPDATE SET last_seq = last_seq + 1, "
            "last_ts_ms = max(last_ts_ms, excluded.last_ts_ms) "
            "RETURNING room_id, last_seq, last_ts_ms, epoch");
        number->bind(1, message.room).bind(2, clock_());
        number->step();
        const int64_t room_id = number->column_int64(0);
        committed->seq = static_cast<uint64_t>(number->column_int64(1));
        committed->ts_ms = number->column_int64(2);
        committed->epoch = std::string(number->column_text(3));
        auto insert = db.prepare_cached(
            "INSERT INTO history_messages(room_id, seq, ts_ms, sender, text, extra) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
        insert->bind(1, room_id).bind(2, committed->seq).bind(3, committed->ts_ms);
        insert->bind(4, message.from).bind(5, message.text);
        if (message.extra_json == "{}")
            insert->bind(6, nullptr);
        else
            insert->bind(6, message.extra_json);
        insert->run();
        unindexed_rooms_.push_back(room_id);
    };
    auto completion = [committed, done = std::move(done)](const std::optional<storage::Error> &e) {
        if (e)
            done(store_error(*e));
        else
            done(std::move(*committed));
    };
    return submit(std::move(job), std::move(completion));
}

std::optional<StoreError> SqliteHistoryStore::submit(storage::Writer::Job job,
                                                     storage::Writer::Completion completion) {
    switch (writer_.submit(std::move(job), std::move(completion))) {
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

} // namespace chatd::history
