#pragma once

#include "history_store.hpp"

#include <chatd/storage/database.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Deleted messages in a SQLite history database (schema step 6): the row
// stays as a tombstone that records who deleted it, when and why.
namespace chatd::history {

// Makes the message a tombstone, in the writer's transaction: text '' and
// extra NULL (the schema's trigger takes the text out of the search
// index), deleted_by, deleted_ms and delete_reason set. A tombstone is left
// as it is, so the first deletion is the one on record.
Deleted write_tombstone(storage::Database &db, const Deletion &deletion, int64_t now_ms);

// One deletion on record, for an audit.
struct DeletionRecord {
    std::string room;
    uint64_t seq = 0;
    std::string by;
    std::optional<std::string> reason;
    int64_t deleted_ms = 0;
};

// The newest `limit` deletions whose tombstones are still kept (retention
// deletes a tombstone as it does a message), newest first; ties in
// descending room and seq.
std::vector<DeletionRecord> read_deletions(storage::Database &db, size_t limit);

} // namespace chatd::history
