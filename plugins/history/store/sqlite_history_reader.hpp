#pragma once

#include "history_store.hpp"
#include "tombstone.hpp"

#include <chatd/storage/reader_pool.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace chatd::history {

// A room with its count of stored messages (chatctl rooms).
struct RoomSummary {
    RoomHead head;
    uint64_t messages = 0;
};

// The read side of a history database, on read-only connections: the
// plugin's queries, and chatctl's, which must be safe while chatd writes.
// Every call reads one snapshot and throws StoreError.
class SqliteHistoryReader {
public:
    explicit SqliteHistoryReader(std::filesystem::path path);

    // As HistoryStore's.
    Page query(const Query &query);
    RoomHead head(const std::string &room);
    RoomHeads heads_after(int64_t after_ts_ms, size_t limit);
    // Every room with history, by name.
    std::vector<RoomSummary> rooms();
    DeletionPage deletions(const std::string &cursor, size_t limit);

private:
    // readers_.read(read), with storage's errors as StoreError.
    template <typename Read> auto read(Read &&read);

    storage::ReaderPool readers_;
};

} // namespace chatd::history
