#include "tombstone.hpp"

#include <array>
#include <charconv>

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

namespace {

// A deletion's place in the index: deleted_ms, room_id, seq.
using Position = std::array<int64_t, 3>;

std::string cursor_text(const Position &at) {
    return std::to_string(at[0]) + '.' + std::to_string(at[1]) + '.' + std::to_string(at[2]);
}

Position parse_cursor(const std::string &cursor) {
    Position at{};
    const char *next = cursor.data();
    const char *const end = next + cursor.size();
    for (size_t i = 0; i < at.size(); ++i) {
        if (i > 0 && (next == end || *next++ != '.')) next = nullptr;
        const auto parsed = next ? std::from_chars(next, end, at[i]) : std::from_chars_result{};
        if (!next || parsed.ec != std::errc() || parsed.ptr == next)
            throw StoreError(Fault::BadQuery, "not a deletions cursor: " + cursor);
        next = parsed.ptr;
    }
    if (next != end) throw StoreError(Fault::BadQuery, "not a deletions cursor: " + cursor);
    return at;
}

} // namespace

DeletionPage read_deletions(storage::Database &db, const std::string &cursor, size_t limit) {
    if (limit == 0) throw StoreError(Fault::BadQuery, "limit must be at least 1");
    // The partial index history_deletions holds only tombstones, in
    // (deleted_ms, room_id, seq) order (a WITHOUT ROWID table's index ends
    // in its primary key): read backwards, it is this order, and a cursor
    // is a position in it.
    static constexpr std::string_view kSelect =
        "SELECT r.name, m.seq, m.sender, m.deleted_by, m.delete_reason, m.deleted_ms, m.room_id "
        "FROM history_messages AS m INDEXED BY history_deletions "
        "JOIN history_rooms AS r ON r.room_id = m.room_id WHERE m.deleted_ms IS NOT NULL ";
    static constexpr std::string_view kOrder =
        "ORDER BY m.deleted_ms DESC, m.room_id DESC, m.seq DESC LIMIT ?1";
    const bool paged = !cursor.empty();
    const Position after = paged ? parse_cursor(cursor) : Position{};
    auto select =
        db.prepare_cached(std::string(kSelect) +
                          (paged ? "AND (m.deleted_ms, m.room_id, m.seq) < (?2, ?3, ?4) " : "") +
                          std::string(kOrder));
    // One more than asked for, to know whether there is a next page.
    select->bind(1, limit + 1);
    if (paged) select->bind(2, after[0]).bind(3, after[1]).bind(4, after[2]);
    DeletionPage page;
    Position last{};
    while (select->step() == storage::Step::Row) {
        if (page.deletions.size() == limit) {
            page.next_cursor = cursor_text(last);
            break;
        }
        page.deletions.push_back(
            {.room = std::string(select->column_text(0)),
             .seq = static_cast<uint64_t>(select->column_int64(1)),
             .author = std::string(select->column_text(2)),
             .by = std::string(select->column_text(3)),
             .reason = select->column_is_null(4)
                           ? std::nullopt
                           : std::optional(std::string(select->column_text(4))),
             .deleted_ms = select->column_int64(5)});
        last[0] = select->column_int64(5);
        last[1] = select->column_int64(6);
        last[2] = select->column_int64(1);
    }
    return page;
}

} // namespace chatd::history
