#include "seq_by_time.hpp"

namespace chatd::history {

namespace {

struct Row {
    uint64_t seq;
    int64_t ts_ms;
};

// The room's first message at seq or after it.
std::optional<Row> first_at(storage::Database &db, int64_t room_id, uint64_t seq) {
    auto select = db.prepare_cached("SELECT seq, ts_ms FROM history_messages "
                                    "WHERE room_id = ?1 AND seq >= ?2 ORDER BY seq LIMIT 1");
    select->bind(1, room_id).bind(2, seq);
    if (select->step() == storage::Step::Done) return std::nullopt;
    return Row{static_cast<uint64_t>(select->column_int64(0)), select->column_int64(1)};
}

std::optional<uint64_t> last_seq(storage::Database &db, int64_t room_id) {
    auto select = db.prepare_cached(
        "SELECT seq FROM history_messages WHERE room_id = ?1 ORDER BY seq DESC LIMIT 1");
    select->bind(1, room_id);
    if (select->step() == storage::Step::Done) return std::nullopt;
    return static_cast<uint64_t>(select->column_int64(0));
}

} // namespace

std::optional<uint64_t> first_seq_from(storage::Database &db, int64_t room_id, int64_t ts_ms) {
    const auto first = first_at(db, room_id, 0);
    if (!first) return std::nullopt;
    if (first->ts_ms >= ts_ms) return first->seq;
    // Invariant: lo is a message older than ts_ms, and the first message at
    // or after hi is not older, or there is none. Seqs may have gaps
    // (deleted messages), so a probe reads the first message at or after mid.
    uint64_t lo = first->seq;
    uint64_t hi = last_seq(db, room_id).value_or(lo) + 1;
    while (hi - lo > 1) {
        const uint64_t mid = lo + (hi - lo) / 2;
        const auto probe = first_at(db, room_id, mid);
        if (probe && probe->ts_ms < ts_ms)
            lo = probe->seq;
        else
            hi = mid;
    }
    const auto answer = first_at(db, room_id, hi);
    if (!answer) return std::nullopt;
    return answer->seq;
}

} // namespace chatd::history
