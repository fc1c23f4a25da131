#include "retention_step.hpp"

#include "seq_by_time.hpp"

#include <string>
#include <vector>

namespace chatd::history {

namespace {

struct RoomRow {
    int64_t id = 0;
    std::string name;
    uint64_t last_seq = 0;
};

std::vector<RoomRow> rooms_from(storage::Database &db, int64_t first_id, size_t count) {
    auto select = db.prepare_cached("SELECT room_id, name, last_seq FROM history_rooms "
                                    "WHERE room_id >= ?1 ORDER BY room_id LIMIT ?2");
    select->bind(1, first_id).bind(2, count);
    std::vector<RoomRow> rooms;
    while (select->step() == storage::Step::Row)
        rooms.push_back({.id = select->column_int64(0),
                         .name = std::string(select->column_text(1)),
                         .last_seq = static_cast<uint64_t>(select->column_int64(2))});
    return rooms;
}

// The room's oldest messages up to seq `last`, at most `limit` of them,
// read from the room's start by the primary key, so nothing kept is
// scanned. The schema's triggers take them out of the indexes.
uint64_t delete_oldest(storage::Database &db, int64_t room_id, uint64_t last, size_t limit) {
    auto del = db.prepare_cached(
        "DELETE FROM history_messages WHERE room_id = ?1 AND seq IN ("
        "SELECT seq FROM history_messages WHERE room_id = ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3)");
    del->bind(1, room_id).bind(2, last).bind(3, limit).run();
    return static_cast<uint64_t>(db.changes());
}

// At most `limit` of the room's messages that `keep` no longer keeps.
uint64_t trim_room(storage::Database &db, const RoomRow &room, const Retention &keep,
                   int64_t now_ms, size_t limit) {
    uint64_t deleted = 0;
    if (keep.max_messages != 0 && room.last_seq > keep.max_messages)
        deleted += delete_oldest(db, room.id, room.last_seq - keep.max_messages, limit);
    // An age beyond the clock's own would reach before 1970: nothing is that old.
    if (keep.max_age_ms != 0 && keep.max_age_ms < now_ms && deleted < limit) {
        // Everything before the first message young enough, or all of them.
        const auto first_kept = first_seq_from(db, room.id, now_ms - keep.max_age_ms);
        const uint64_t last = first_kept ? *first_kept - 1 : room.last_seq;
        if (last > 0)
            deleted += delete_oldest(db, room.id, last, limit - static_cast<size_t>(deleted));
    }
    return deleted;
}

} // namespace

Trimmed trim_step(storage::Database &db, const RetentionPolicy &policy, size_t budget,
                  RetentionWalk &walk) {
    Trimmed step;
    size_t left = budget;
    const std::vector<RoomRow> rooms = rooms_from(db, walk.next_room_id, budget);
    for (const RoomRow &room : rooms) {
        const Retention &keep = policy.of(room.name);
        const auto deleted =
            keep.keeps_all() ? 0
                             : static_cast<size_t>(trim_room(db, room, keep, walk.now_ms, left));
        if (deleted > 0) {
            step.messages += deleted;
            if (room.id != walk.last_trimmed_room) ++step.rooms;
            walk.last_trimmed_room = room.id;
        }
        left -= deleted;
        if (left == 0) { // the room may hold more: the next step starts with it
            walk.next_room_id = room.id;
            return step;
        }
        walk.next_room_id = room.id + 1;
        if (--left == 0) return step;
    }
    walk.finished = true; // fewer rooms than asked for: none is left
    return step;
}

} // namespace chatd::history
