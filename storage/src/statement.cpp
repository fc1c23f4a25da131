#include "chatd/storage/statement.hpp"

#include "connection_error.hpp"

#include <sqlite3.h>
#include <string>
#include <utility>

namespace chatd::storage {

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement::Statement(Statement &&other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)) {}

Statement &Statement::operator=(Statement &&other) noexcept {
    if (this != &other) {
        sqlite3_finalize(statement_);
        statement_ = std::exchange(other.statement_, nullptr);
    }
    return *this;
}

void Statement::check_bind(int rc, int index) const {
    if (rc != SQLITE_OK)
        throw connection_error(sqlite3_db_handle(statement_), rc)
            .context("binding parameter " + std::to_string(index) + " of " +
                     sqlite3_sql(statement_));
}

Statement &Statement::bind_int64(int index, int64_t value) {
    check_bind(sqlite3_bind_int64(statement_, index, value), index);
    return *this;
}

Statement &Statement::bind(int index, double value) {
    check_bind(sqlite3_bind_double(statement_, index, value), index);
    return *this;
}

Statement &Statement::bind(int index, std::string_view text) {
    check_bind(sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8),
               index);
    return *this;
}

Statement &Statement::bind(int index, Blob blob) {
    check_bind(sqlite3_bind_blob64(statement_, index, blob.bytes.data(), blob.bytes.size(),
                                   SQLITE_TRANSIENT),
               index);
    return *this;
}

Statement &Statement::bind(int index, std::nullptr_t) {
    check_bind(sqlite3_bind_null(statement_, index), index);
    return *this;
}

int Statement::parameter_index(std::string_view name) const {
    const std::string terminated(name);
    const int index = sqlite3_bind_parameter_index(statement_, terminated.c_str());
    if (index == 0)
        throw connection_error(sqlite3_db_handle(statement_), SQLITE_RANGE)
            .context("no parameter " + terminated + " in " + sqlite3_sql(statement_));
    return index;
}

Step Statement::step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return Step::Row;
    if (rc == SQLITE_DONE) return Step::Done;
    throw connection_error(sqlite3_db_handle(statement_), rc).context(sqlite3_sql(statement_));
}

void Statement::run() {
    while (step() == Step::Row) {
    }
}

// sqlite3_reset repeats the last step's error, which step() already threw.
void Statement::reset() { sqlite3_reset(statement_); }

void Statement::clear_bindings() { sqlite3_clear_bindings(statement_); }

int Statement::column_count() const { return sqlite3_column_count(statement_); }

bool Statement::column_is_null(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

int64_t Statement::column_int64(int column) const {
    return sqlite3_column_int64(statement_, column);
}

double Statement::column_double(int column) const {
    return sqlite3_column_double(statement_, column);
}

std::string_view Statement::column_text(int column) const {
    const auto *text = sqlite3_column_text(statement_, column);
    const auto size = static_cast<size_t>(sqlite3_column_bytes(statement_, column));
    return text ? std::string_view(reinterpret_cast<const char *>(text), size) : std::string_view();
}

std::span<const std::byte> Statement::column_blob(int column) const {
    const auto *bytes = static_cast<const std::byte *>(sqlite3_column_blob(statement_, column));
    const auto size = static_cast<size_t>(sqlite3_column_bytes(statement_, column));
    return bytes ? std::span<const std::byte>(bytes, size) : std::span<const std::byte>();
}

} // namespace chatd::storage
