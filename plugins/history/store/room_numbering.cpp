#include "room_numbering.hpp"

#include <algorithm>

namespace chatd::history {

namespace {

// Heads kept between transactions at most; past it they are read again as
// rooms are used, so a server with many rooms holds no unbounded cache.
constexpr size_t kMaxHeads = 65536;

} // namespace

RoomNumbering::Head &RoomNumbering::load(storage::Database &db, const std::string &room) {
    if (auto it = heads_.find(room); it != heads_.end()) return it->second;
    Head head;
    auto select = db.prepare_cached(
        "SELECT room_id, epoch, last_seq, last_ts_ms FROM history_rooms WHERE name = ?1");
    select->bind(1, room);
    if (select->step() == storage::Step::Row) {
        head = {.room_id = select->column_int64(0),
                .epoch = std::string(select->column_text(1)),
                .last_seq = static_cast<uint64_t>(select->column_int64(2)),
                .last_ts_ms = select->column_int64(3)};
    } else {
        auto insert = db.prepare_cached(
            "INSERT INTO history_rooms(name, epoch, last_seq, last_ts_ms) "
            "VALUES(?1, coalesce((SELECT next_epoch FROM history_room_graves WHERE name = ?1), "
            "(SELECT value FROM history_meta WHERE key = 'epoch')), 0, 0) "
            "RETURNING room_id, epoch");
        insert->bind(1, room);
        insert->step();
        head = {.room_id = insert->column_int64(0), .epoch = std::string(insert->column_text(1))};
    }
    return heads_.emplace(room, std::move(head)).first->second;
}

RoomNumbering::Numbered RoomNumbering::next(storage::Database &db, const std::string &room,
                                            int64_t now_ms) {
    Head &head = load(db, room);
    head.last_seq += 1;
    head.last_ts_ms = std::max(head.last_ts_ms, now_ms);
    if (!head.dirty) dirty_.push_back(&head);
    head.dirty = true;
    return {head.room_id, head.last_seq, head.last_ts_ms, head.epoch};
}

void RoomNumbering::flush(storage::Database &db) {
    auto update = db.prepare_cached(
        "UPDATE history_rooms SET last_seq = ?2, last_ts_ms = ?3 WHERE room_id = ?1");
    for (Head *head : dirty_) {
        update->bind(1, head->room_id).bind(2, head->last_seq).bind(3, head->last_ts_ms).run();
        update->reset();
        head->dirty = false;
    }
    dirty_.clear();
    if (heads_.size() > kMaxHeads) heads_.clear();
}

} // namespace chatd::history
