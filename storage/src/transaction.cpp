#include "chatd/storage/transaction.hpp"

#include "chatd/storage/database.hpp"

namespace chatd::storage {

namespace {

// The writer runs these for every batch and every job: compiled once.
void run_cached(Database &db, const char *sql) { db.prepare_cached(sql)->run(); }

// Some errors (a full disk, I/O, a busy lock) end the transaction inside
// SQLite; a ROLLBACK then would only fail with "no transaction is active".
void rollback_if_open(Database &db, const char *sql) noexcept {
    if (!db.in_transaction()) return;
    try {
        run_cached(db, sql);
    } catch (const Error &) {
        // SQLite rolls back what it cannot undo itself when the connection's
        // next statement runs or it closes; nothing better is possible here.
    }
}

// One name for every savepoint: nested ones are told apart by SQLite, which
// releases or rolls back the innermost of that name.
constexpr const char *kSavepoint = "SAVEPOINT chatd_job";
constexpr const char *kRelease = "RELEASE chatd_job";
constexpr const char *kRollbackTo = "ROLLBACK TO chatd_job";

} // namespace

Transaction::Transaction(Database &db, Kind kind) : db_(&db) {
    run_cached(db, kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Transaction::~Transaction() { rollback(); }

void Transaction::commit() {
    Database &db = *db_;
    db_ = nullptr;
    try {
        run_cached(db, "COMMIT");
    } catch (const Error &) {
        // A COMMIT that failed busy leaves the transaction open.
        rollback_if_open(db, "ROLLBACK");
        throw;
    }
}

void Transaction::rollback() noexcept {
    if (!db_) return;
    rollback_if_open(*db_, "ROLLBACK");
    db_ = nullptr;
}

Savepoint::Savepoint(Database &db) : db_(&db) { run_cached(db, kSavepoint); }

Savepoint::~Savepoint() { rollback(); }

void Savepoint::release() {
    Database &db = *db_;
    db_ = nullptr;
    run_cached(db, kRelease);
}

void Savepoint::rollback() noexcept {
    if (!db_) return;
    // ROLLBACK TO keeps the savepoint open; RELEASE then drops it, empty.
    rollback_if_open(*db_, kRollbackTo);
    rollback_if_open(*db_, kRelease);
    db_ = nullptr;
}

} // namespace chatd::storage
