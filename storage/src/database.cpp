#include "chatd/storage/database.hpp"

#include "connection_error.hpp"

#include <sqlite3.h>
#include <utility>

namespace chatd::storage {

namespace {

std::string single_text(Database &db, const char *sql) {
    Statement statement = db.prepare(sql);
    if (statement.step() != Step::Row) return {};
    return std::string(statement.column_text(0));
}

} // namespace

Database::Database(const std::filesystem::path &path, const DatabaseOptions &options)
    : path_(path.string()), access_(options.access) {
    // NOMUTEX: one thread at a time per connection (the documented contract),
    // so SQLite's per-call mutex would only cost time.
    const int flags = SQLITE_OPEN_NOMUTEX | (options.access == Access::ReadOnly
                                                 ? SQLITE_OPEN_READONLY
                                                 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        // The connection does not know its path when the file did not open.
        Error error(db_ ? sqlite3_extended_errcode(db_) : rc,
                    db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc), path_);
        close();
        throw error.context("opening");
    }
    cache_ = std::make_unique<StatementCache>();
    try {
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
        // A read-only connection cannot switch the journal mode; it reads
        // the file as its writer left it (WAL when chatd made it).
        if (access_ == Access::ReadWrite) {
            const std::string mode = single_text(*this, "PRAGMA journal_mode=WAL");
            if (mode != "wal")
                throw Error(SQLITE_ERROR, "journal_mode=WAL answered '" + mode + "'", path_);
        } else {
            // Reads the header now, so a file that is no database fails here
            // rather than at the first query.
            single_text(*this, "PRAGMA schema_version");
        }
        exec(options.synchronous == Synchronous::Full ? "PRAGMA synchronous=FULL"
                                                      : "PRAGMA synchronous=NORMAL");
        exec("PRAGMA foreign_keys=ON");
    } catch (const Error &error) {
        close();
        throw error.context("opening");
    }
}

Database::~Database() { close(); }

Database::Database(Database &&other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), access_(other.access_),
      statements_compiled_(other.statements_compiled_), cache_(std::move(other.cache_)) {}

Database &Database::operator=(Database &&other) noexcept {
    if (this != &other) {
        close();
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
        access_ = other.access_;
        statements_compiled_ = other.statements_compiled_;
        cache_ = std::move(other.cache_);
    }
    return *this;
}

void Database::close() noexcept {
    // Statements first: a connection with live statements does not close.
    cache_.reset();
    sqlite3_close(std::exchange(db_, nullptr));
}

void Database::exec(std::string_view sql) {
    const std::string terminated(sql);
    char *message = nullptr;
    const int rc = sqlite3_exec(db_, terminated.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK) throw connection_error(db_, rc).context(terminated);
}

Statement Database::prepare(std::string_view sql) {
    sqlite3_stmt *statement = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) throw connection_error(db_, rc).context(std::string(sql));
    ++statements_compiled_;
    return Statement(statement);
}

CachedStatement Database::prepare_cached(std::string_view sql) { return cache_->take(*this, sql); }

bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int64_t Database::changes() const { return sqlite3_changes64(db_); }

} // namespace chatd::storage
