#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

// What the history plugin needs from wherever history lives: append a room
// message (which numbers it), delete one (leaving its tombstone), read
// ranges of a room, each room's head, and forget what is older than the
// retention keeps.
// SQLite is the embedded backend (sqlite_history_store.hpp); a shared one
// for several chatd nodes (Redis Streams) implements the same, so the
// protocol code never learns which one it talks to.
namespace chatd::history {

// A message as the room saw it. `extra_json` is a JSON object of the fields a
// stage added (frame_set_extra), "{}" when there are none. A deleted
// message is a tombstone: its seq, ts and sender stay, so a room's history
// keeps no gap, and its text is "" and extra_json "{}".
struct StoredMessage {
    uint64_t seq = 0;
    int64_t ts_ms = 0;
    std::string from;
    std::string text;
    std::string extra_json = "{}";
    bool deleted = false;
};

struct NewMessage {
    std::string room;
    std::string from;
    std::string text;
    std::string extra_json = "{}";
};

// What an append gave the message, and the room's history it joined.
struct Committed {
    uint64_t seq = 0;
    int64_t ts_ms = 0;
    std::string epoch;
};

// A moderator's deletion of one stored message: `by` is the moderator.
struct Deletion {
    std::string room;
    uint64_t seq = 0;
    std::string by;
    std::optional<std::string> reason = std::nullopt;
};

// One deletion on record, for the audit: who deleted whose message, when
// and why.
struct DeletionRecord {
    std::string room;
    uint64_t seq = 0;
    std::string author; // the deleted message's sender
    std::string by;
    std::optional<std::string> reason = std::nullopt;
    int64_t deleted_ms = 0;
};

// A page of deletions, newest first; next_cursor asks for the page after it.
struct DeletionPage {
    std::vector<DeletionRecord> deletions;
    std::optional<std::string> next_cursor = std::nullopt;
};

// What a deletion found, once its outcome is durable.
enum class Deleted {
    Now,      // the message is a tombstone from this deletion on
    Already,  // it was one already; nothing changed, the first deletion stands
    NotFound, // the room holds no such seq (never stored, or gone by retention)
};

// A backend's fault, in terms the plugin can answer with.
enum class Fault {
    Busy,        // too much queued, or a lock held too long: try again soon
    Full,        // out of disk
    ReadOnly,    // the database cannot be written
    Corrupt,     // not a usable database
    Unavailable, // stopped, or otherwise not there
    Other,
    BadQuery, // the query asks for something that has no answer (a zero
              // limit, a range that ends before it starts, a search of no
              // words): the client's mistake, answered bad_request
};

class StoreError : public std::runtime_error {
public:
    StoreError(Fault fault, const std::string &message)
        : std::runtime_error(message), fault_(fault) {}
    Fault fault() const { return fault_; }

private:
    Fault fault_;
};

// A room's history in short: its epoch changes whenever the history it
// numbers is not the one a client may have seen (a new database), so that
// a client resuming from a seq never splices two histories together.
// Trimming old messages (retention) keeps it: the seqs that remain are the
// same messages.
struct RoomHead {
    std::string room;
    std::string epoch;
    uint64_t last_seq = 0; // 0: nothing ever stored
    int64_t last_ts_ms = 0;
};

// Where a page of a room's messages is anchored; exactly one per query. A
// page holds at most `limit` of the messages that match the query's filters
// in the anchor's range, taken from the end where the anchor starts
// reading; `more` says whether the range holds further matching messages
// beyond the page on the side the anchor reads towards. Within a room ts
// never decreases as seq grows, so a time is a place in seq order.
enum class Anchor {
    Latest,     // all seqs; the newest `limit`; more: older ones
    Before,     // seq < `seq`; the newest `limit`; more: older ones
    After,      // seq > `seq`; the oldest `limit`; more: newer ones
    Around,     // `seq` itself (if stored and matching), up to limit / 2
                // older ones and the rest newer; a side with too few gives
                // its share to the other, so the page is full whenever the
                // room has `limit` matching messages; more: on either side
    Between,    // `seq` <= seq <= `seq_last`; the oldest `limit`; more: newer
                // ones up to seq_last
    BeforeTime, // ts < `ts_ms`; the newest `limit`; more: older ones
    AfterTime,  // ts > `ts_ms`; the oldest `limit`; more: newer ones
};

struct Query {
    std::string room;
    Anchor anchor = Anchor::Latest;
    uint64_t seq = 0;
    uint64_t seq_last = 0; // Between
    int64_t ts_ms = 0;     // BeforeTime, AfterTime
    size_t limit = 50;     // at least 1
    // Filters, with any anchor: only this sender's messages; only messages
    // containing every word of `search` (whitespace separates words; case
    // and diacritics are ignored; nothing in it is query syntax).
    std::optional<std::string> from = std::nullopt;
    std::optional<std::string> search = std::nullopt;
};

// Messages in ascending seq, whatever the anchor.
struct Page {
    std::vector<StoredMessage> messages;
    bool more = false;
};

// Rooms with news, newest first; `more` when there were more than asked.
struct RoomHeads {
    std::vector<RoomHead> rooms;
    bool more = false;
};

// How much of a room's history is kept; 0 means no bound. Only the oldest
// messages ever go (ts never decreases as seq grows, so both bounds cut a
// prefix): the room keeps its head, so seqs carry on and the epoch stays,
// since what is left is still the same history, only shorter.
struct Retention {
    int64_t max_age_ms = 0;    // messages with ts < now - max_age_ms go
    uint64_t max_messages = 0; // messages with seq <= last_seq - max_messages go
    bool keeps_all() const { return max_age_ms == 0 && max_messages == 0; }
};

struct RetentionPolicy {
    Retention all = {};                          // every room not named below
    std::map<std::string, Retention> rooms = {}; // a room's own, whole: it replaces `all`
    const Retention &of(const std::string &room) const {
        const auto own = rooms.find(room);
        return own == rooms.end() ? all : own->second;
    }
    bool keeps_all() const {
        for (const auto &[room, keep] : rooms)
            if (!keep.keeps_all()) return false;
        return all.keeps_all();
    }
};

// How a retention pass ended: what it deleted (committed), and the fault
// that ended it early, if one did (Fault::Unavailable: the store stopped).
struct Trimmed {
    uint64_t messages = 0;
    uint64_t rooms = 0; // rooms that lost messages
    std::optional<StoreError> error = std::nullopt;
};

class HistoryStore {
public:
    virtual ~HistoryStore() = default;

    // Called once, on a thread of the store, only after the message is
    // durable (Committed) or certainly not stored (StoreError); a failed
    // append uses no seq, so a room's seqs stay without gaps.
    using AppendDone = std::function<void(std::variant<Committed, StoreError>)>;
    // Any thread. Messages of one room are numbered in the order appended.
    // Returns the fault instead of queueing when the store cannot take more
    // (done is then never called).
    virtual std::optional<StoreError> append(NewMessage message, AppendDone done) = 0;

    // Called once, on a thread of the store, once the deletion's outcome is
    // durable or certainly not written.
    using DeleteDone = std::function<void(std::variant<Deleted, StoreError>)>;
    // Any thread. Makes the message a tombstone (see StoredMessage), in the
    // order of the appends around it; search no longer finds its text.
    // Returns the fault instead of queueing when the store cannot take more
    // (done is then never called).
    virtual std::optional<StoreError> delete_message(Deletion deletion, DeleteDone done) = 0;

    // Any thread; they read what is durable, never waiting for appends.
    // Throw StoreError; Fault::BadQuery for a query that cannot be answered
    // (limit 0, Between with seq > seq_last, a search without words).
    virtual Page query(const Query &query) = 0;
    // A room that never had a message has last_seq 0 and the epoch its
    // history will have.
    virtual RoomHead head(const std::string &room) = 0;
    // The rooms whose latest message is newer than after_ts_ms, newest
    // first (ties by name), at most limit of them.
    virtual RoomHeads heads_after(int64_t after_ts_ms, size_t limit) = 0;
    // The deletions still on record (retention removes a tombstone as it
    // does a message), newest first, `limit` (at least 1) of them after
    // `cursor` (empty: from the newest; otherwise a next_cursor this store
    // gave, or Fault::BadQuery).
    virtual DeletionPage deletions(const std::string &cursor, size_t limit) = 0;

    // Any thread. One retention pass over every room: deletes what the
    // policy no longer keeps, as of the store's clock when the pass starts,
    // in the background and in bounded steps, so appends never wait long
    // behind it. Calls done once, on a thread of the store (or on this one
    // when the pass cannot start). The caller keeps passes from overlapping.
    using TrimDone = std::function<void(Trimmed)>;
    virtual void trim(const RetentionPolicy &policy, TrimDone done) = 0;

    // Finishes every append already accepted; later ones are refused, and a
    // retention pass ends after its current step.
    virtual void stop() = 0;
};

} // namespace chatd::history
