#pragma once

#include <chatd/storage/database.hpp>

#include <cstdint>
#include <optional>

namespace chatd::history {

// The first seq of the room whose ts is at least ts_ms, or none when every
// message is older. Within a room ts never goes back as seq grows, so this
// is a binary search of the primary key, about 2 log2(messages) reads,
// instead of an index on ts that every append would have to write.
std::optional<uint64_t> first_seq_from(storage::Database &db, int64_t room_id, int64_t ts_ms);

} // namespace chatd::history
