#include "tombstone.hpp"

#include "whole_number.hpp"

#include <array>
#include <limits>
#include <string_view>

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

StoreError not_a_cursor(const std::string &cursor) {
    return StoreError(Fault::BadQuery, "not a deletions cursor: " + cursor);
}

// The parts between the dots, one more than there are dots.
std::vector<std::string_view> split_at_dots(std::string_view text) {
    std::vector<std::string_view> parts;
    for (size_t start = 0;;) {
        const size_t dot = text.find('.', start);
        parts.push_back(text.substr(start, dot - start)); // no dot: to the end
        if (dot == std::string_view::npos) return parts;
        start = dot + 1;
    }
}

// cursor_text's three numbers and nothing else; SQLite's integers are signed.
Position parse_cursor(const std::string &cursor) {
    const std::vector<std::string_view> parts = split_at_dots(cursor);
    Position at{};
    if (parts.size() != at.size()) throw not_a_cursor(cursor);
    for (size_t i = 0; i < at.size(); ++i) {
        const std::optional<uint64_t> number = plugins::whole_number(parts[i]);
        if (!number || *number > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
            throw not_a_cursor(cursor);
        at[i] = static_cast<int64_t>(*number);
    }
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
