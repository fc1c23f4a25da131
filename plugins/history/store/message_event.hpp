#pragma once

#include "history_store.hpp"
#include "json_text.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace chatd::history {

// A stored message as the live `message` event the room saw (type, room,
// seq, from, text, ts), with the extra fields it was stored with merged in;
// what history answers and `chatctl history --json` print. A deleted one is
// its tombstone: type, room, seq, from, ts and "deleted": true, no text and
// no extra field.
nlohmann::ordered_json message_event(const std::string &room, const StoredMessage &message);

// A deletion as an audit entry: at_ms, by, action "delete", user (the
// message's sender), room, seq and reason when given; what admins' and
// `chatctl deletions --json` read.
nlohmann::ordered_json deletion_entry(const DeletionRecord &deletion);

// JSON as text; a stored text that is not UTF-8 is repaired, not thrown on.
using plugins::json_text;

} // namespace chatd::history
