#pragma once

namespace chatd::storage {

class Database;

// BEGIN on construction; COMMIT in commit(); rolled back when it goes out of
// scope uncommitted (an exception left the block). Immediate takes the write
// lock at BEGIN, so a writer waits (busy_timeout) there rather than failing
// halfway; Deferred is for readers, whose snapshot starts at the first read.
class Transaction {
public:
    enum class Kind { Immediate, Deferred };
    explicit Transaction(Database &db, Kind kind = Kind::Immediate);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    // Throws Error if COMMIT fails; the transaction is then rolled back.
    void commit();
    void rollback() noexcept;

private:
    Database *db_;
};

// A nested unit inside a transaction: release() keeps its changes in the
// enclosing transaction, and going out of scope unreleased undoes only them.
class Savepoint {
public:
    explicit Savepoint(Database &db);
    ~Savepoint();
    Savepoint(const Savepoint &) = delete;
    Savepoint &operator=(const Savepoint &) = delete;

    void release();
    void rollback() noexcept;

private:
    Database *db_;
};

} // namespace chatd::storage
