#include "sqlite_history_reader.hpp"

#include "search_index.hpp"
#include "seq_by_time.hpp"
#include "sqlite_history_store.hpp"

#include <algorithm>
#include <limits>

namespace chatd::history {

namespace {

// The highest seq SQLite can hold (an INTEGER is signed).
constexpr uint64_t kTopSeq = std::numeric_limits<int64_t>::max();

// seqs lo..hi, both included; empty when lo > hi.
struct SeqRange {
    uint64_t lo = 1;
    uint64_t hi = kTopSeq;
};

// The end of a range a read starts from.
enum class From { Oldest, Newest };

// What a query reads from SQLite: its room, how far the room is indexed
// and, for a search, the FTS5 query.
struct Plan {
    const Query &query;
    int64_t room_id;
    uint64_t indexed_seq;
    std::string match;
};

// Where rows come from: the messages in seq order, a sender's seqs in
// history_by_sender, or the room's key range of history_search (whose rowid
// order is seq order), the last two joined to the messages by key. Reads
// show a deleted message's tombstone where it was, but a search finds none
// (its text left the index with it; the test on the row says so outright).
enum class Source { Messages, BySender, Search };

StoredMessage message_at(storage::Statement &row) {
    return StoredMessage{.seq = static_cast<uint64_t>(row.column_int64(0)),
                         .ts_ms = row.column_int64(1),
                         .from = std::string(row.column_text(2)),
                         .text = std::string(row.column_text(3)),
                         .extra_json = row.column_is_null(4) ? std::string("{}")
                                                             : std::string(row.column_text(4)),
                         .deleted = row.column_int64(5) != 0};
}

// Columns name, epoch, last_seq, last_ts_ms from `first` on.
RoomHead head_at(storage::Statement &row, int first) {
    return RoomHead{.room = std::string(row.column_text(first)),
                    .epoch = std::string(row.column_text(first + 1)),
                    .last_seq = static_cast<uint64_t>(row.column_int64(first + 2)),
                    .last_ts_ms = row.column_int64(first + 3)};
}

// A LIMIT that reads one row past `count`, which only says there is more;
// -1 is SQLite's "no limit".
int64_t limit_past(size_t count) { return count >= kTopSeq ? -1 : static_cast<int64_t>(count) + 1; }

std::string select_sql(Source source, bool from, From end) {
    std::string sql =
        "SELECT m.seq, m.ts_ms, m.sender, m.text, m.extra, m.deleted_ms IS NOT NULL FROM ";
    switch (source) {
    case Source::Messages:
        sql += "history_messages AS m WHERE m.room_id = ?1 AND m.seq BETWEEN ?2 AND ?3";
        if (from) sql += " AND m.sender = ?5";
        sql += " ORDER BY m.seq";
        break;
    case Source::BySender:
        sql += "history_by_sender AS s CROSS JOIN history_messages AS m "
               "WHERE s.room_id = ?1 AND s.sender = ?5 AND s.seq BETWEEN ?2 AND ?3 "
               "AND m.room_id = ?1 AND m.seq = s.seq ORDER BY s.seq";
        break;
    case Source::Search:
        sql += "history_search AS f CROSS JOIN history_messages AS m "
               "WHERE f.history_search MATCH ?6 AND f.rowid BETWEEN ?2 AND ?3 "
               "AND m.room_id = ?1 AND m.seq = (f.rowid & 4294967295) AND m.deleted_ms IS NULL";
        if (from) sql += " AND m.sender = ?5";
        sql += " ORDER BY f.rowid";
        break;
    }
    sql += end == From::Newest ? " DESC LIMIT ?4" : " LIMIT ?4";
    return sql;
}

// Appends up to `count` messages of range from `source` that pass the
// query's filters to `rows`, taken from the `end` of the range and in that
// order.
void read_rows(storage::Database &db, const Plan &plan, Source source, SeqRange range, From end,
               size_t count, std::vector<StoredMessage> &rows) {
    if (source == Source::Search) range.hi = std::min(range.hi, search::kMaxSeq);
    range.hi = std::min(range.hi, kTopSeq);
    if (range.lo > range.hi || count == 0) return;
    auto select = db.prepare_cached(select_sql(source, plan.query.from.has_value(), end));
    select->bind(1, plan.room_id).bind(4, count);
    if (source == Source::Search) {
        select->bind(2, search::key(plan.room_id, range.lo));
        select->bind(3, search::key(plan.room_id, range.hi));
        select->bind(6, plan.match);
    } else {
        select->bind(2, range.lo).bind(3, range.hi);
    }
    if (plan.query.from) select->bind(5, *plan.query.from);
    while (select->step() == storage::Step::Row)
        rows.push_back(message_at(*select));
}

// Up to count messages of range that pass the query's filters, from the
// `end` of the range, in ascending seq; more when the range held another.
// A sender's messages come from history_by_sender as far as the room is
// indexed and from the messages themselves beyond; a search finds only
// indexed messages.
Page read_range(storage::Database &db, const Plan &plan, SeqRange range, From end, size_t count) {
    const size_t wanted = static_cast<size_t>(limit_past(count));
    std::vector<StoredMessage> rows;
    if (plan.query.search) {
        read_rows(db, plan, Source::Search, range, end, wanted, rows);
    } else if (!plan.query.from) {
        read_rows(db, plan, Source::Messages, range, end, wanted, rows);
    } else {
        const SeqRange indexed{range.lo, std::min(range.hi, plan.indexed_seq)};
        const SeqRange beyond{std::max(range.lo, plan.indexed_seq + 1), range.hi};
        const bool newest_first = end == From::Newest;
        read_rows(db, plan, newest_first ? Source::Messages : Source::BySender,
                  newest_first ? beyond : indexed, end, wanted, rows);
        read_rows(db, plan, newest_first ? Source::BySender : Source::Messages,
                  newest_first ? indexed : beyond, end, wanted - rows.size(), rows);
    }
    Page page{.messages = std::move(rows)};
    page.more = page.messages.size() > count;
    if (page.more) page.messages.pop_back();
    if (end == From::Newest) std::reverse(page.messages.begin(), page.messages.end());
    return page;
}

// `seq` and the newer ones from one read, the older ones from another;
// limit / 2 older ones unless a side has too few, whose share the other
// side takes.
Page around(storage::Database &db, const Plan &plan) {
    const size_t limit = plan.query.limit;
    const uint64_t seq = plan.query.seq;
    Page older = seq == 0 ? Page{} : read_range(db, plan, {1, seq - 1}, From::Newest, limit);
    Page newer = read_range(db, plan, {seq, kTopSeq}, From::Oldest, limit);
    size_t take_older = std::min(limit / 2, older.messages.size());
    const size_t take_newer = std::min(limit - take_older, newer.messages.size());
    take_older = std::min(limit - take_newer, older.messages.size());

    Page page;
    page.more = older.more || newer.more || take_older < older.messages.size() ||
                take_newer < newer.messages.size();
    page.messages.assign(std::make_move_iterator(older.messages.end() - take_older),
                         std::make_move_iterator(older.messages.end()));
    page.messages.insert(page.messages.end(), std::make_move_iterator(newer.messages.begin()),
                         std::make_move_iterator(newer.messages.begin() + take_newer));
    return page;
}

Page read_page(storage::Database &db, const Plan &plan) {
    const Query &q = plan.query;
    switch (q.anchor) {
    case Anchor::Latest: return read_range(db, plan, {}, From::Newest, q.limit);
    case Anchor::Before:
        if (q.seq == 0) return {};
        return read_range(db, plan, {1, q.seq - 1}, From::Newest, q.limit);
    case Anchor::After:
        if (q.seq >= kTopSeq) return {};
        return read_range(db, plan, {q.seq + 1, kTopSeq}, From::Oldest, q.limit);
    case Anchor::Around: return around(db, plan);
    case Anchor::Between: return read_range(db, plan, {q.seq, q.seq_last}, From::Oldest, q.limit);
    case Anchor::BeforeTime: {
        const auto first_not_older = first_seq_from(db, plan.room_id, q.ts_ms);
        if (first_not_older == 1) return {};
        return read_range(db, plan, {1, first_not_older ? *first_not_older - 1 : kTopSeq},
                          From::Newest, q.limit);
    }
    case Anchor::AfterTime: {
        if (q.ts_ms == std::numeric_limits<int64_t>::max()) return {};
        const auto first_newer = first_seq_from(db, plan.room_id, q.ts_ms + 1);
        if (!first_newer) return {};
        return read_range(db, plan, {*first_newer, kTopSeq}, From::Oldest, q.limit);
    }
    }
    throw StoreError(Fault::BadQuery, "unknown anchor");
}

// What the store refuses rather than answer wrongly; the plugin checks
// first, so these are a client's mistakes that got through.
void check(const Query &query) {
    if (query.limit == 0) throw StoreError(Fault::BadQuery, "limit must be at least 1");
    if (query.anchor == Anchor::Between && query.seq > query.seq_last)
        throw StoreError(Fault::BadQuery, "between: the first seq is after the last");
}

struct RoomRow {
    int64_t room_id;
    uint64_t indexed_seq;
};

std::optional<RoomRow> room_of(storage::Database &db, const std::string &room) {
    auto select =
        db.prepare_cached("SELECT room_id, indexed_seq FROM history_rooms WHERE name = ?1");
    select->bind(1, room);
    if (select->step() == storage::Step::Done) return std::nullopt;
    return RoomRow{select->column_int64(0), static_cast<uint64_t>(select->column_int64(1))};
}

} // namespace

SqliteHistoryReader::SqliteHistoryReader(std::filesystem::path path)
    : readers_(std::move(path), {.access = storage::Access::ReadOnly}) {}

template <typename Read> auto SqliteHistoryReader::read(Read &&read) {
    try {
        return readers_.read(std::forward<Read>(read));
    } catch (const storage::Error &e) {
        throw store_error(e);
    }
}

Page SqliteHistoryReader::query(const Query &query) {
    check(query);
    std::string match = query.search ? search::match_expression(*query.search) : std::string();
    return read([&](storage::Database &db) {
        const auto room = room_of(db, query.room);
        if (!room) return Page{};
        return read_page(db, Plan{.query = query,
                                  .room_id = room->room_id,
                                  .indexed_seq = room->indexed_seq,
                                  .match = std::move(match)});
    });
}

RoomHead SqliteHistoryReader::head(const std::string &room) {
    return read([&](storage::Database &db) {
        auto select =
            db.prepare_cached("SELECT ?1, coalesce(r.epoch, g.next_epoch, m.value), "
                              "coalesce(r.last_seq, 0), coalesce(r.last_ts_ms, 0) "
                              "FROM history_meta m LEFT JOIN history_rooms r ON r.name = ?1 "
                              "LEFT JOIN history_room_graves g ON g.name = ?1 "
                              "WHERE m.key = 'epoch'");
        select->bind(1, room);
        if (select->step() == storage::Step::Done)
            throw StoreError(Fault::Corrupt, "the history database has no epoch");
        return head_at(*select, 0);
    });
}

RoomHeads SqliteHistoryReader::heads_after(int64_t after_ts_ms, size_t limit) {
    if (limit == 0) throw StoreError(Fault::BadQuery, "limit must be at least 1");
    // A scan of history_rooms: an index on last_ts_ms would move at every
    // append, and this runs far less often than appends do.
    return read([&](storage::Database &db) {
        auto select =
            db.prepare_cached("SELECT name, epoch, last_seq, last_ts_ms FROM history_rooms "
                              "WHERE last_ts_ms > ?1 ORDER BY last_ts_ms DESC, name LIMIT ?2");
        select->bind(1, after_ts_ms).bind(2, limit_past(limit));
        RoomHeads heads;
        while (select->step() == storage::Step::Row)
            heads.rooms.push_back(head_at(*select, 0));
        heads.more = heads.rooms.size() > limit;
        if (heads.more) heads.rooms.pop_back();
        return heads;
    });
}

std::vector<RoomSummary> SqliteHistoryReader::rooms() {
    return read([&](storage::Database &db) {
        // Counted, not derived from seqs: deleted messages leave gaps.
        auto select = db.prepare_cached(
            "SELECT r.name, r.epoch, r.last_seq, r.last_ts_ms, "
            "(SELECT count(*) FROM history_messages AS m WHERE m.room_id = r.room_id) "
            "FROM history_rooms AS r ORDER BY r.name");
        std::vector<RoomSummary> rooms;
        while (select->step() == storage::Step::Row)
            rooms.push_back({.head = head_at(*select, 0),
                             .messages = static_cast<uint64_t>(select->column_int64(4))});
        return rooms;
    });
}

DeletionPage SqliteHistoryReader::deletions(const std::string &cursor, size_t limit) {
    return read([&](storage::Database &db) { return read_deletions(db, cursor, limit); });
}

} // namespace chatd::history
