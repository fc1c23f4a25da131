#pragma once

#include <chatd/storage/database.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace chatd::history {

// Keeps history_search and history_by_sender (schema steps 2 and 4) up to
// history_rooms.indexed_seq of each room. Indexing costs several times what
// an append does (measured: FTS5 about 14 µs a message however it is
// batched; the sender table, inserted in sender order many at a time, about
// 2 µs, but 25 µs as one random insert per append), so it happens:
//  - in the appending transaction, when a batch is small and nothing is
//    behind: a message is then found by search as soon as it is acked;
//  - otherwise behind the appends, in steps the writer runs when no append
//    waits, and in the appending transaction too once more than max_lag
//    messages are behind, so that a sustained overload cannot leave search
//    behind without bound.
// Writer thread only, apart from lag().
class Indexer {
public:
    // A batch of at most inline_max messages is indexed as it commits.
    Indexer(uint64_t max_lag, size_t inline_max) : max_lag_(max_lag), inline_max_(inline_max) {}

    // In the transaction of a batch that appended `appended` messages to
    // `rooms`, after their numbering reached history_rooms.
    void after_appends(storage::Database &db, std::vector<int64_t> &rooms, size_t appended);
    // One step of catching up, inside the caller's transaction; true while
    // some room may still be behind.
    bool step(storage::Database &db);
    // Messages not indexed yet, as of the last step; at least 1 while a
    // step has yet to confirm that none is left.
    uint64_t lag() const { return lag_.load(); }

private:
    // Indexes the room from indexed_seq on, at most `budget` messages.
    size_t index(storage::Database &db, int64_t room_id, uint64_t indexed_seq, uint64_t last_seq,
                 uint64_t budget);

    const uint64_t max_lag_;
    const size_t inline_max_;
    std::atomic<uint64_t> lag_{0}; // the store catches up before it writes
};

} // namespace chatd::history
