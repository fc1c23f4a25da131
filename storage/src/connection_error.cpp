#include "connection_error.hpp"

#include <sqlite3.h>

namespace chatd::storage {

Error connection_error(sqlite3 *db, int rc) {
    // The extended code says more (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED)
    // when the connection's last error is this one.
    // Otherwise the code is ours (a missing parameter) and the connection's
    // message is about something else.
    const bool last = db && (sqlite3_extended_errcode(db) & 0xff) == (rc & 0xff);
    const int extended = last ? sqlite3_extended_errcode(db) : rc;
    const char *message = last ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const char *path = db ? sqlite3_db_filename(db, "main") : nullptr;
    return Error(extended, message, path ? path : "");
}

} // namespace chatd::storage
