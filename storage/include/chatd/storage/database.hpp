#pragma once

#include "chatd/storage/error.hpp"
#include "chatd/storage/statement.hpp"
#include "chatd/storage/statement_cache.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct sqlite3;

namespace chatd::storage {

enum class Access { ReadWrite, ReadOnly };

// How hard a commit waits for the disk. In WAL mode NORMAL may lose the
// last commits on power loss (never on a process crash); FULL syncs the WAL
// at every commit, so a commit that returned survives both.
enum class Synchronous { Normal, Full };

struct DatabaseOptions {
    Access access = Access::ReadWrite;
    Synchronous synchronous = Synchronous::Full;
    // How long a statement waits for another connection's lock before it
    // fails with a busy Error.
    std::chrono::milliseconds busy_timeout{5000};
};

// One SQLite connection, in WAL mode with foreign keys on. ReadWrite creates
// the file if it is missing, but not its directory: creating directories is
// the caller's job (it knows which ones it may create). ReadOnly never
// creates anything and fails on a missing file. Move-only; a connection is
// used by one thread at a time (it is opened without SQLite's own mutex), but
// may be handed from one thread to another.
class Database {
public:
    Database(const std::filesystem::path &path, const DatabaseOptions &options = {});
    ~Database();
    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Runs one or more statements that return nothing needed (DDL, pragmas).
    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    // A statement from this connection's cache, compiled on first use;
    // returned to the cache reset, bindings cleared, when the handle goes.
    CachedStatement prepare_cached(std::string_view sql);

    bool in_transaction() const;
    int64_t last_insert_rowid() const;
    int64_t changes() const;
    const std::string &path() const { return path_; }
    Access access() const { return access_; }
    // How many statements this connection has compiled, cached or not, so a
    // test or a metric can see the cache at work.
    uint64_t statements_compiled() const { return statements_compiled_; }

private:
    void close() noexcept;

    sqlite3 *db_ = nullptr;
    std::string path_;
    Access access_ = Access::ReadWrite;
    uint64_t statements_compiled_ = 0;
    // Behind a pointer so that handles stay valid when the Database moves.
    std::unique_ptr<StatementCache> cache_;
};

} // namespace chatd::storage
