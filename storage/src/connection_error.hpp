#pragma once

#include "chatd/storage/error.hpp"

struct sqlite3;

namespace chatd::storage {

// The Error for result code rc on this connection: SQLite's message for it
// and the database's path. Reads the connection's last message, so call it
// before anything else runs on the connection.
Error connection_error(sqlite3 *db, int rc);

} // namespace chatd::storage
