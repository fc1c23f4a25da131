#include "search_index.hpp"

#include "history_store.hpp"

#include <vector>

namespace chatd::history::search {

void index_rooms(storage::Database &db, std::span<const int64_t> room_ids) {
    auto add = db.prepare_cached(
        "INSERT INTO history_search(rowid, text) "
        "SELECT (room_id << 32) | seq, text FROM history_messages "
        "WHERE room_id = ?1 AND seq <= ?2 "
        "AND seq > (SELECT indexed_seq FROM history_rooms WHERE room_id = ?1) ORDER BY seq");
    auto done =
        db.prepare_cached("UPDATE history_rooms SET indexed_seq = last_seq WHERE room_id = ?1");
    for (const int64_t room_id : room_ids) {
        if (room_id > kMaxRoomId) break; // sorted: the rest are beyond too
        add->bind(1, room_id).bind(2, kMaxSeq).run();
        add->reset();
        done->bind(1, room_id).run();
        done->reset();
    }
}

void index_all(storage::Database &db) {
    std::vector<int64_t> behind;
    auto select =
        db.prepare_cached("SELECT room_id FROM history_rooms WHERE indexed_seq < last_seq "
                          "ORDER BY room_id");
    while (select->step() == storage::Step::Row)
        behind.push_back(select->column_int64(0));
    index_rooms(db, behind);
}

std::string match_expression(std::string_view words) {
    // NUL too: it would end the query where SQLite reads it as C text.
    static constexpr std::string_view kSpace{" \t\n\v\f\r\0", 7};
    std::string match;
    for (size_t start = words.find_first_not_of(kSpace); start != std::string_view::npos;) {
        const size_t end = std::min(words.find_first_of(kSpace, start), words.size());
        if (!match.empty()) match += ' ';
        match += '"';
        for (const char c : words.substr(start, end - start)) {
            if (c == '"') match += '"'; // FTS5 strings escape a quote by doubling it
            match += c;
        }
        match += '"';
        start = words.find_first_not_of(kSpace, end);
    }
    if (match.empty()) throw StoreError(Fault::BadQuery, "a search needs at least one word");
    return match;
}

} // namespace chatd::history::search
