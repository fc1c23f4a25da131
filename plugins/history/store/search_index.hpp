#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// The full-text index of room messages: history_search (schema step 2), a
// contentless FTS5 table whose rowid is a message's search key, filled by
// the Indexer.
namespace chatd::history::search {

// (room_id << 32) | seq: a room's messages are one rowid range, ascending
// in seq. Beyond these bounds a message is stored but never indexed (the
// schema's triggers test the same bounds).
inline constexpr uint64_t kMaxSeq = (uint64_t{1} << 32) - 1;
inline constexpr int64_t kMaxRoomId = (int64_t{1} << 31) - 1;

inline int64_t key(int64_t room_id, uint64_t seq) {
    return static_cast<int64_t>((static_cast<uint64_t>(room_id) << 32) | seq);
}

// The FTS5 query for a user's search: each word (split at whitespace) is
// quoted as one FTS5 string, so nothing the user types is FTS5 syntax
// (AND, NEAR(, *, ", ^ match as the words they contain, if any), and all
// words must match. A word the tokenizer finds no token in ("*") matches
// every message, so it only narrows nothing; a search of nothing but such
// words matches no message. Throws StoreError(Fault::BadQuery) when there
// is no word at all.
std::string match_expression(std::string_view words);

} // namespace chatd::history::search
