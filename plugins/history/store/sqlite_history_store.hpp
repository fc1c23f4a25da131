#pragma once

#include "history_store.hpp"
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
};

// History in one SQLite file: appends through storage's Writer (group
// commit, numbered inside the transaction, indexed for search once per
// transaction before it commits), reads through a ReaderPool, so queries
// neither wait for appends nor hold them up. A message is found by search
// from the moment it is durable.
class SqliteHistoryStore final : public HistoryStore {
public:
    // Creates the file's directory and the file if missing and migrates the
    // schema; throws StoreError naming the file when it cannot.
    explicit SqliteHistoryStore(const SqliteOptions &options);
    ~SqliteHistoryStore() override;

    std::optional<StoreError> append(NewMessage message, AppendDone done) override;
    Page query(const Query &query) override;
    RoomHead head(const std::string &room) override;
    RoomHeads heads_after(int64_t after_ts_ms, size_t limit) override;
    // A pass is a chain of writer jobs, one step each (retention_step.hpp):
    // the next is queued behind the appends that came meanwhile, so they
    // interleave, and once the writer stops the chain ends.
    void trim(const RetentionPolicy &policy, TrimDone done) override;
    void stop() override;

    storage::WriterStats writer_stats() const { return writer_.stats(); }

private:
    struct TrimPass;

    // The writer's options, with the search indexing of each transaction.
    storage::WriterOptions with_indexing(storage::WriterOptions options);
    // writer_.submit, with a refusal as the fault to report.
    std::optional<StoreError> submit(storage::Writer::Job job,
                                     storage::Writer::Completion completion);
    void trim_next(std::shared_ptr<TrimPass> pass);

    std::function<int64_t()> clock_;
    const size_t retention_step_;
    // Rooms appended to in the open transaction (writer thread only).
    std::vector<int64_t> unindexed_rooms_;
    storage::Writer writer_;
    SqliteHistoryReader reader_;
};

// storage's error as the store reports it.
StoreError store_error(const storage::Error &error);

} // namespace chatd::history
