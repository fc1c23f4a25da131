#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

struct sqlite3_stmt;

namespace chatd::storage {

enum class Step { Row, Done };

// Bytes to bind as a BLOB (a string_view binds as TEXT).
struct Blob {
    std::span<const std::byte> bytes;
};

// One prepared statement. Parameters are 1-based as in SQL (?1, :name);
// columns are 0-based. Text and blobs are copied when bound, so the caller's
// buffer may go away before step(); a column's text or bytes stay valid
// until the next step() or reset(). Move-only; used by one thread at a time,
// like the Database it came from.
class Statement {
public:
    explicit Statement(sqlite3_stmt *statement) : statement_(statement) {}
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    template <std::integral T> Statement &bind(int index, T value) {
        return bind_int64(index, static_cast<int64_t>(value));
    }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view text);
    Statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    Statement &bind(int index, Blob blob);
    Statement &bind(int index, std::nullptr_t);
    // By name, with its prefix as written in the SQL (":room", "@room", "$room").
    template <typename T> Statement &bind(std::string_view name, T &&value) {
        return bind(parameter_index(name), std::forward<T>(value));
    }
    int parameter_index(std::string_view name) const;

    // Throws Error for anything but a row or the end.
    Step step();
    // Steps to the end, for statements that return no rows.
    void run();
    // Ready to step again from the start; bindings are kept.
    void reset();
    void clear_bindings();

    int column_count() const;
    bool column_is_null(int column) const;
    int64_t column_int64(int column) const;
    double column_double(int column) const;
    std::string_view column_text(int column) const;
    std::span<const std::byte> column_blob(int column) const;

private:
    Statement &bind_int64(int index, int64_t value);
    void check_bind(int rc, int index) const;

    sqlite3_stmt *statement_;
};

} // namespace chatd::storage
