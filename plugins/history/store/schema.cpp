#include "schema.hpp"

#include <array>

namespace chatd::history {

namespace {

// history_rooms: one row per room that ever had a message; last_seq and
// last_ts_ms number the next one inside the appending transaction, so a
// failed append uses no seq and ts never goes back within a room.
// history_messages has no rowid: (room_id, seq) is how everything reads
// it, and one b-tree per message is what an append costs.
constexpr std::array<std::string_view, 6> kSteps = {
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
    // Step 2, search and senders. history_search is a contentless FTS5 table
    // (the text lives once, in history_messages) whose rowid is the
    // message's search key, (room_id << 32) | seq: a room's messages are one
    // rowid range in seq order, so a search reads only its room, in the
    // order a page wants. The key bounds what is searchable: seq below 2^32
    // and room_id below 2^31 (search_index.hpp); messages beyond are stored
    // and read as usual but never found by a search.
    // Indexing happens per transaction or behind the appends, never per
    // append (indexer.hpp): history_rooms.indexed_seq is how far each room
    // is in the index, so rows of an older database are indexed on the
    // first start.
    // A contentless table can only forget a row it is told the text of, so
    // the triggers do it with the text still in history_messages, whoever
    // deletes or edits (retention, a moderator, the sqlite3 shell).
    // SQLite 3.40 (Debian 12) has no contentless_delete (3.43).
    // history_messages_by_sender: a sender's messages in seq order, so that
    // a `from` page reads only that sender's rows of the room.
    R"sql(
ALTER TABLE history_rooms ADD COLUMN indexed_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX history_messages_by_sender ON history_messages(room_id, sender, seq);
CREATE VIRTUAL TABLE history_search USING fts5(
    text, content='', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER history_search_forget AFTER DELETE ON history_messages
WHEN old.seq < 4294967296 AND old.room_id < 2147483648
    AND old.seq <= (SELECT indexed_seq FROM history_rooms WHERE room_id = old.room_id)
BEGIN
    INSERT INTO history_search(history_search, rowid, text)
    VALUES('delete', (old.room_id << 32) | old.seq, old.text);
END;
CREATE TRIGGER history_search_reindex AFTER UPDATE OF text ON history_messages
WHEN old.seq < 4294967296 AND old.room_id < 2147483648
    AND old.seq <= (SELECT indexed_seq FROM history_rooms WHERE room_id = old.room_id)
BEGIN
    INSERT INTO history_search(history_search, rowid, text)
    VALUES('delete', (old.room_id << 32) | old.seq, old.text);
    INSERT INTO history_search(rowid, text) VALUES((new.room_id << 32) | new.seq, new.text);
END;
)sql",
    // Step 3, the database's epoch: every room this database starts numbers
    // its history in it, so a client can be told the epoch of a room that
    // has no message yet, and a new database (history lost) has another.
    // Rooms of an older database keep the random epochs they got.
    R"sql(
CREATE TABLE history_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO history_meta(key, value) VALUES('epoch', lower(hex(randomblob(8))));
)sql",
    // Step 4, appends touch one b-tree. Both indexes made each append a
    // random insert, and every commit rewrote hundreds of their pages:
    // history_messages_by_sender alone cut durable appends to a quarter.
    // ts never goes back as seq grows within a room, so a time is found by
    // a binary search of the primary key (seq_by_time.hpp). A sender's
    // messages are in history_by_sender, which the indexer fills behind the
    // appends, sorted, many at a time, up to history_rooms.indexed_seq as
    // it does history_search; a read of the messages above that scans them.
    R"sql(
DROP INDEX history_messages_by_time;
DROP INDEX history_messages_by_sender;
CREATE TABLE history_by_sender(
    room_id INTEGER NOT NULL,
    sender TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY(room_id, sender, seq)
) WITHOUT ROWID;
INSERT INTO history_by_sender(room_id, sender, seq)
SELECT m.room_id, m.sender, m.seq FROM history_rooms AS r JOIN history_messages AS m
ON m.room_id = r.room_id AND m.seq <= r.indexed_seq ORDER BY 1, 2, 3;
CREATE TRIGGER history_by_sender_forget AFTER DELETE ON history_messages BEGIN
    DELETE FROM history_by_sender
    WHERE room_id = old.room_id AND sender = old.sender AND seq = old.seq;
END;
)sql",
    // Step 5, a deleted room's history stays gone. chatd never deletes a
    // room's row (an emptied room keeps its numbering), but an operator may,
    // and the room made again under that name would number from 1 in the
    // database's epoch: a client resuming with its old epoch and seq would
    // take the new history for the old one and miss its start. So a deleted
    // room leaves the epoch its successor will have, fresh, and a room
    // without a row already reports it.
    R"sql(
CREATE TABLE history_room_graves(
    name TEXT PRIMARY KEY,
    next_epoch TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER history_rooms_bury AFTER DELETE ON history_rooms BEGIN
    INSERT OR REPLACE INTO history_room_graves(name, next_epoch)
    VALUES(old.name, lower(hex(randomblob(8))));
END;
)sql",
    // Step 6, tombstones. A moderator's deletion keeps the row, so a room's
    // seqs stay gapless and every read shows where a message was: room,
    // seq, ts and sender stay; text becomes '' and extra NULL (the
    // history_search_reindex trigger of step 2 takes the old text out of
    // the search index as the UPDATE sets text), and the deletion is
    // recorded in the row. history_deletions lists the deletions newest
    // first for an audit; partial, so the appends, whose rows all have
    // deleted_ms NULL, write no entry in it.
    R"sql(
ALTER TABLE history_messages ADD COLUMN deleted_by TEXT;
ALTER TABLE history_messages ADD COLUMN deleted_ms INTEGER;
ALTER TABLE history_messages ADD COLUMN delete_reason TEXT;
CREATE INDEX history_deletions ON history_messages(deleted_ms) WHERE deleted_ms IS NOT NULL;
)sql",
};

} // namespace

std::span<const std::string_view> schema_steps() { return kSteps; }

} // namespace chatd::history
