#include "schema.hpp"

#include <array>

namespace chatd::history {

namespace {

// history_rooms: one row per room that ever had a message; last_seq and
// last_ts_ms number the next one inside the appending transaction, so a
// failed append uses no seq and ts never goes back within a room.
// history_messages has no rowid: (room_id, seq) is how everything reads
// it, and one b-tree per message is what an append costs.
constexpr std::array<std::string_view, 1> kSteps = {
    R"sql(
CREATE TABLE history_rooms(
    room_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    epoch TEXT NOT NULL,
    last_seq INTEGER NOT NULL,
    last_ts_ms INTEGER NOT NULL
);
CREATE TABLE history_messages(
    room_id INTEGER NOT NULL REFERENCES history_rooms(room_id),
    seq INTEGER NOT NULL,
    ts_ms INTEGER NOT NULL,
    sender TEXT NOT NULL,
    text TEXT NOT NULL,
    extra TEXT, -- JSON object of the extra fields; NULL when there are none
    PRIMARY KEY(room_id, seq)
) WITHOUT ROWID;
CREATE INDEX history_messages_by_time ON history_messages(room_id, ts_ms);
)sql",
};

} // namespace

std::span<const std::string_view> schema_steps() { return kSteps; }

} // namespace chatd::history
