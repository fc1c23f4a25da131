#pragma once

#include <chatd/storage/database.hpp>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace chatd::history {

// Each room's numbering as the writer thread sees it: the last seq and ts
// live here between transactions and reach history_rooms once per room per
// transaction (flush), not once per message. Writer thread only.
class RoomNumbering {
public:
    struct Numbered {
        int64_t room_id;
        uint64_t seq;
        int64_t ts_ms;
        const std::string &epoch;
    };

    // The next seq of `room` and a ts of `now_ms` that never goes back within
    // the room; a new room gets its row. Only for a message stored in the
    // same transaction, or forget() must follow.
    Numbered next(storage::Database &db, const std::string &room, int64_t now_ms);
    // Writes the numbering of every room numbered since the last flush,
    // inside the transaction of those messages.
    void flush(storage::Database &db);
    // Forgets everything, to be read again from the database: after a
    // transaction that did not commit.
    void forget() {
        heads_.clear();
        dirty_.clear();
    }

private:
    struct Head {
        int64_t room_id = 0;
        std::string epoch;
        uint64_t last_seq = 0;
        int64_t last_ts_ms = 0;
        bool dirty = false; // numbered since the last flush
    };

    Head &load(storage::Database &db, const std::string &room);

    std::unordered_map<std::string, Head> heads_;
    std::vector<Head *> dirty_; // a map's elements stay where they are as it grows
};

} // namespace chatd::history
