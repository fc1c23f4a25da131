#include "indexer.hpp"

#include "search_index.hpp"

#include <chatd/storage/error.hpp>
#include <chatd/storage/transaction.hpp>

#include <algorithm>
#include <limits>

namespace chatd::history {

namespace {

// Messages one step indexes at most, at about 35 µs each on a big room:
// what an append arriving meanwhile waits. Smaller steps cost more in all,
// as FTS5 writes a segment per transaction and merges them: after a burst
// of 1,000,000 messages, 1024 a step caught up in 90 s, 4096 in 36 s.
constexpr uint64_t kStepMessages = 2048;
constexpr uint64_t kAll = std::numeric_limits<uint64_t>::max();

struct Behind {
    int64_t room_id;
    uint64_t indexed_seq;
    uint64_t last_seq;
};

// Rooms in ascending room_id, so the search keys a step adds only ascend
// and FTS5 keeps them in one pending segment.
std::vector<Behind> rooms_behind(storage::Database &db, const std::vector<int64_t> *only) {
    std::vector<Behind> behind;
    auto add = [&](storage::Statement &row) {
        behind.push_back({row.column_int64(0), static_cast<uint64_t>(row.column_int64(1)),
                          static_cast<uint64_t>(row.column_int64(2))});
    };
    if (only) {
        auto select = db.prepare_cached("SELECT room_id, indexed_seq, last_seq FROM history_rooms "
                                        "WHERE room_id = ?1 AND indexed_seq < last_seq");
        for (const int64_t room_id : *only) {
            select->bind(1, room_id);
            if (select->step() == storage::Step::Row) add(*select);
            select->reset();
        }
        return behind;
    }
    auto select = db.prepare_cached("SELECT room_id, indexed_seq, last_seq FROM history_rooms "
                                    "WHERE indexed_seq < last_seq ORDER BY room_id");
    while (select->step() == storage::Step::Row)
        add(*select);
    return behind;
}

} // namespace

size_t Indexer::index(storage::Database &db, int64_t room_id, uint64_t indexed_seq,
                      uint64_t last_seq, uint64_t budget) {
    const uint64_t upto = last_seq - indexed_seq > budget ? indexed_seq + budget : last_seq;
    if (room_id <= search::kMaxRoomId && indexed_seq < search::kMaxSeq) {
        auto add = db.prepare_cached("INSERT INTO history_search(rowid, text) "
                                     "SELECT (room_id << 32) | seq, text FROM history_messages "
                                     "WHERE room_id = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq");
        add->bind(1, room_id).bind(2, indexed_seq).bind(3, std::min(upto, search::kMaxSeq)).run();
    }
    // In sender order: neighbours in the table, so each page is written once.
    auto add = db.prepare_cached("INSERT INTO history_by_sender(room_id, sender, seq) "
                                 "SELECT room_id, sender, seq FROM history_messages "
                                 "WHERE room_id = ?1 AND seq > ?2 AND seq <= ?3 "
                                 "ORDER BY sender, seq");
    add->bind(1, room_id).bind(2, indexed_seq).bind(3, upto).run();
    const auto added = static_cast<size_t>(db.changes());
    auto done = db.prepare_cached("UPDATE history_rooms SET indexed_seq = ?2 WHERE room_id = ?1");
    done->bind(1, room_id).bind(2, upto).run();
    return added;
}

void Indexer::after_appends(storage::Database &db, std::vector<int64_t> &rooms, size_t appended) {
    std::sort(rooms.begin(), rooms.end());
    rooms.erase(std::unique(rooms.begin(), rooms.end()), rooms.end());
    const bool inline_batch = lag_.load() == 0 && appended <= inline_max_;
    if (!inline_batch) {
        lag_ += appended;
        if (lag_.load() <= max_lag_) return;
    }
    // In a savepoint: the appends commit even if indexing fails, and the
    // rooms stay behind for a later step.
    try {
        storage::Savepoint savepoint(db);
        if (inline_batch) {
            for (const Behind &room : rooms_behind(db, &rooms))
                index(db, room.room_id, room.indexed_seq, room.last_seq, kAll);
        } else {
            step(db);
        }
        savepoint.release();
    } catch (const storage::Error &) {
        if (!db.in_transaction()) throw; // SQLite ended the batch's transaction
        lag_ = std::max<uint64_t>(lag_.load(), 1);
    }
}

bool Indexer::step(storage::Database &db) {
    uint64_t behind = 0;
    uint64_t indexed = 0;
    for (const Behind &room : rooms_behind(db, nullptr)) {
        behind += room.last_seq - room.indexed_seq;
        if (indexed < kStepMessages)
            indexed +=
                index(db, room.room_id, room.indexed_seq, room.last_seq, kStepMessages - indexed);
    }
    // Nonzero until a step finds nothing behind: this one's transaction
    // may yet fail to commit.
    lag_ = behind == 0 ? 0 : std::max<uint64_t>(behind - std::min(behind, indexed), 1);
    return behind != 0;
}

} // namespace chatd::history
