#pragma once

#include "history_store.hpp"

#include <chatd/storage/database.hpp>

#include <cstdint>
#include <span>

namespace chatd::history {

// One numbered message, as history_messages holds it.
struct MessageRow {
    int64_t room_id;
    uint64_t seq;
    int64_t ts_ms;
    const NewMessage *message;
};

// Inserts the rows, many per statement: a statement's own work (its
// program's start, binding, reset) would otherwise cost about as much as
// the b-tree insert of a short message.
void insert_messages(storage::Database &db, std::span<const MessageRow> rows);

} // namespace chatd::history
