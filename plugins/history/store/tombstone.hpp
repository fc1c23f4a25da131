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

// HistoryStore::deletions. Ties in time go in descending room and seq; the
// cursor is the last one's (time, room id, seq), so no two deletions in the
// same millisecond fall between two pages. Throws StoreError
// (Fault::BadQuery) for a cursor it did not make.
DeletionPage read_deletions(storage::Database &db, const std::string &cursor, size_t limit);

} // namespace chatd::history
