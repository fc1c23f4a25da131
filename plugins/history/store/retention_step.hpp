#pragma once

#include "history_store.hpp"

#include <chatd/storage/database.hpp>

#include <cstddef>
#include <cstdint>

// Retention in a SQLite history database, one bounded step at a time: each
// step runs as one writer job, inside the transaction it shares with
// appends, so the size of a step is how long those appends wait for it.
namespace chatd::history {

// Where a pass is in its walk over history_rooms, in room_id order.
struct RetentionWalk {
    int64_t now_ms = 0;       // the pass's now, for every room alike
    int64_t next_room_id = 0; // the rooms from here on are still to do
    int64_t last_trimmed_room = 0;
    bool finished = false;
};

// Deletes at most `budget` messages the policy no longer keeps, oldest
// first within each room, looking at no more than `budget` rooms (a room
// costs as much as a message, so a walk over many rooms is bounded too),
// and moves the walk on. Returns what it deleted; `rooms` counts a room
// once across the steps of a walk.
Trimmed trim_step(storage::Database &db, const RetentionPolicy &policy, size_t budget,
                  RetentionWalk &walk);

} // namespace chatd::history
