#pragma once

#include "history_store.hpp"
#include "indexer.hpp"
#include "room_numbering.hpp"
#include "sqlite_history_reader.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/writer.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

namespace chatd::history {

struct SqliteOptions {
    std::filesystem::path path;
    storage::Synchronous synchronous = storage::Synchronous::Full;
    // How long an append waits for a lock another process holds (chatctl
    // never takes one; a backup tool might) before its batch fails Busy.
    std::chrono::milliseconds busy_timeout{5000};
    storage::WriterOptions writer = {};
    // Unix time in milliseconds; tests set their own.
    std::function<int64_t()> clock = {};
    // Messages a retention step deletes at most, in the transaction it
    // shares with appends. Deleting a message costs about what appending
    // one does (measured: 1000 of either, search index included, take the
    // same tens of milliseconds), so a step holds the appends beside it
    // back about as long as a full batch of appends (1024) would.
    size_t retention_step = 1000;
    // Messages the search and sender indexes may fall behind the appends
    // before indexing takes turns with them (indexer.hpp).
    uint64_t index_lag_max = 1'000'000;
    // A batch of at most this many messages is indexed as it commits, when
    // nothing is behind. Batches grow only when appends queue up, which is
    // when indexing behind them pays.
    size_t index_inline_max = 256;
};

// History in one SQLite file: appends through storage's Writer (group
// commit; each batch's messages numbered and inserted together before it
// commits, the numbering written once per room per transaction), indexed
// for search and by sender as indexer.hpp says, and read through a
// ReaderPool, so queries neither wait for appends nor hold them up.
class SqliteHistoryStore final : public HistoryStore {
public:
    // Creates the file's directory and the file if missing and migrates the
    // schema; throws StoreError naming the file when it cannot.
    explicit SqliteHistoryStore(const SqliteOptions &options);
    ~SqliteHistoryStore() override;

    std::optional<StoreError> append(NewMessage message, AppendDone done) override;
    // One writer job of its own (tombstone.hpp), committed with the appends
    // queued around it.
    std::optional<StoreError> delete_message(Deletion deletion, DeleteDone done) override;
    Page query(const Query &query) override;
    RoomHead head(const std::string &room) override;
    RoomHeads heads_after(int64_t after_ts_ms, size_t limit) override;
    DeletionPage deletions(const std::string &cursor, size_t limit) override;
    // A pass is a chain of writer jobs, one step each (retention_step.hpp):
    // the next is queued behind the appends that came meanwhile, so they
    // interleave, and once the writer stops the chain ends.
    void trim(const RetentionPolicy &policy, TrimDone done) override;
    void stop() override;

    storage::WriterStats writer_stats() const { return writer_.stats(); }
    // Messages not yet in the search and sender indexes (Indexer::lag).
    uint64_t index_lag() const { return indexer_.lag(); }

private:
    struct TrimPass;
    struct Append;

    // Numbers and stores the messages the transaction's jobs lined up, then
    // indexes; before_commit, so a failure fails the whole batch.
    void write_appends(storage::Database &db);
    // The writer's options, with the numbering and indexing of each
    // transaction and the indexing between them.
    storage::WriterOptions with_batch_work(storage::WriterOptions options);
    // writer_.submit, with a refusal as the fault to report.
    std::optional<StoreError> submit(storage::Writer::Job job,
                                     storage::Writer::Completion completion,
                                     storage::Undo undo = storage::Undo::Savepoint);
    void trim_next(std::shared_ptr<TrimPass> pass);

    std::function<int64_t()> clock_;
    const size_t retention_step_;
    // Writer thread only: the numbering, and the messages lined up for the
    // open transaction.
    RoomNumbering numbering_;
    std::vector<Append *> appends_;
    Indexer indexer_;
    storage::Writer writer_;
    SqliteHistoryReader reader_;
};

// storage's error as the store reports it.
StoreError store_error(const storage::Error &error);

} // namespace chatd::history
