#include "sqlite_history_reader.hpp"

#include "sqlite_history_store.hpp"

#include <algorithm>

namespace chatd::history {

namespace {

constexpr std::string_view kColumns =
    "SELECT seq, ts_ms, sender, text, extra FROM history_messages "
    "WHERE room_id = (SELECT room_id FROM history_rooms "
    "WHERE name = ?1) ";

StoredMessage message_at(storage::Statement &row) {
    return StoredMessage{.seq = static_cast<uint64_t>(row.column_int64(0)),
                         .ts_ms = row.column_int64(1),
                         .from = std::string(row.column_text(2)),
                         .text = std::string(row.column_text(3)),
                         .extra_json = row.column_is_null(4) ? std::string("{}")
                                                             : std::string(row.column_text(4))};
}

// Reads limit + 1 rows of `range` (its ORDER BY included): the extra row
// only says whether there is more. Rows read newest first are put back in
// ascending order.
Page read_page(storage::Database &db, const Query &query, std::string_view range,
               bool newest_first) {
    auto select = db.prepare_cached(std::string(kColumns) + std::string(range));
    select->bind(1, query.room).bind(2, query.seq).bind(3, query.limit + 1);
    Page page;
    while (select->step() == storage::Step::Row)
        page.messages.push_back(message_at(*select));
    page.more = page.messages.size() > query.limit;
    if (page.more) page.messages.pop_back();
    if (newest_first) std::reverse(page.messages.begin(), page.messages.end());
    return page;
}

} // namespace

SqliteHistoryReader::SqliteHistoryReader(std::filesystem::path path)
    : readers_(std::move(path), {.access = storage::Access::ReadOnly}) {}

Page SqliteHistoryReader::query(const Query &query) {
    try {
        return readers_.read([&](storage::Database &db) {
            switch (query.anchor) {
            case Anchor::Latest:
                return read_page(db, query, "AND ?2 = ?2 ORDER BY seq DESC LIMIT ?3", true);
            case Anchor::Before:
                return read_page(db, query, "AND seq < ?2 ORDER BY seq DESC LIMIT ?3", true);
            case Anchor::After:
                return read_page(db, query, "AND seq > ?2 ORDER BY seq ASC LIMIT ?3", false);
            default: break;
            }
            throw StoreError(Fault::Other, "this query is not supported yet");
        });
    } catch (const storage::Error &e) {
        throw store_error(e);
    }
}

std::optional<RoomHead> SqliteHistoryReader::head(const std::string &room) {
    try {
        return readers_.read([&](storage::Database &db) -> std::optional<RoomHead> {
            auto select = db.prepare_cached(
                "SELECT epoch, last_seq, last_ts_ms FROM history_rooms WHERE name = ?1");
            select->bind(1, room);
            if (select->step() == storage::Step::Done) return std::nullopt;
            return RoomHead{.room = room,
                            .epoch = std::string(select->column_text(0)),
                            .last_seq = static_cast<uint64_t>(select->column_int64(1)),
                            .last_ts_ms = select->column_int64(2)};
        });
    } catch (const storage::Error &e) {
        throw store_error(e);
    }
}

std::vector<RoomSummary> SqliteHistoryReader::rooms() {
    try {
        return readers_.read([&](storage::Database &db) {
            auto select = db.prepare_cached(
                "SELECT r.name, r.epoch, r.last_seq, r.last_ts_ms, "
                "(SELECT count(*) FROM history_messages m WHERE m.room_id = r.room_id) "
                "FROM history_rooms r ORDER BY r.name");
            std::vector<RoomSummary> rooms;
            while (select->step() == storage::Step::Row)
                rooms.push_back(
                    {.head = {.room = std::string(select->column_text(0)),
                              .epoch = std::string(select->column_text(1)),
                              .last_seq = static_cast<uint64_t>(select->column_int64(2)),
                              .last_ts_ms = select->column_int64(3)},
                     .messages = static_cast<uint64_t>(select->column_int64(4))});
            return rooms;
        });
    } catch (const storage::Error &e) {
        throw store_error(e);
    }
}

} // namespace chatd::history
