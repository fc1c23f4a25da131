#include "tombstone.hpp"

namespace chatd::history {

Deleted write_tombstone(storage::Database &db, const Deletion &deletion, int64_t now_ms) {
    int64_t room_id = 0;
    {
        auto find = db.prepare_cached(
            "SELECT m.room_id, m.deleted_ms IS NOT NULL FROM history_rooms AS r "
            "JOIN history_messages AS m ON m.room_id = r.room_id AND m.seq = ?2 WHERE r.name = ?1");
        find->bind(1, deletion.room).bind(2, deletion.seq);
        if (find->step() == storage::Step::Done) return Deleted::NotFound;
        if (find->column_int64(1) != 0) return Deleted::Already;
        room_id = find->column_int64(0);
    }
    auto update = db.prepare_cached(
        "UPDATE history_messages SET text = '', extra = NULL, deleted_by = ?3, deleted_ms = ?4, "
        "delete_reason = ?5 WHERE room_id = ?1 AND seq = ?2");
    update->bind(1, room_id).bind(2, deletion.seq).bind(3, deletion.by).bind(4, now_ms);
    if (deletion.reason)
        update->bind(5, *deletion.reason);
    else
        update->bind(5, nullptr);
    update->run();
    return Deleted::Now;
}

std::vector<DeletionRecord> read_deletions(storage::Database &db, size_t limit) {
    // The partial index history_deletions holds only tombstones, in
    // (deleted_ms, room_id, seq) order: read backwards, it is this order.
    auto select = db.prepare_cached(
        "SELECT r.name, m.seq, m.deleted_by, m.delete_reason, m.deleted_ms "
        "FROM history_messages AS m INDEXED BY history_deletions "
        "JOIN history_rooms AS r ON r.room_id = m.room_id WHERE m.deleted_ms IS NOT NULL "
        "ORDER BY m.deleted_ms DESC, m.room_id DESC, m.seq DESC LIMIT ?1");
    select->bind(1, limit);
    std::vector<DeletionRecord> deletions;
    while (select->step() == storage::Step::Row)
        deletions.push_back({.room = std::string(select->column_text(0)),
                             .seq = static_cast<uint64_t>(select->column_int64(1)),
                             .by = std::string(select->column_text(2)),
                             .reason = select->column_is_null(3)
                                           ? std::nullopt
                                           : std::optional(std::string(select->column_text(3))),
                             .deleted_ms = select->column_int64(4)});
    return deletions;
}

} // namespace chatd::history
