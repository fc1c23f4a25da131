#pragma once

#include "store/history_store.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace chatd::history {

// The largest max_age_s: a century, far past any retention anyone means,
// and small enough that the age in milliseconds stays clear of overflow.
inline constexpr int64_t kMaxAgeSecondsLimit = 3'153'600'000;
inline constexpr int64_t kMaxMessagesLimit = std::numeric_limits<int64_t>::max();

// [plugins.history]'s retention keys as the store's policy: the global
// max_age_s and max_messages (0: no bound), and room_retention, whose
// entries each name a room and then one or both bounds for it, in the same
// words as the global keys, separated by spaces:
//   "support max_age_s=604800 max_messages=10000"
//   "audit max_age_s=0"   (never trimmed by age; max_messages is the global one)
// A bound an entry leaves out is the global one, so an entry says only how
// the room differs. Throws std::invalid_argument quoting the entry at fault.
RetentionPolicy retention_policy(int64_t max_age_s, int64_t max_messages,
                                 const std::vector<std::string> &room_entries);

} // namespace chatd::history
