#pragma once

#include "chatd/storage/statement.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace chatd::storage {

class Database;

// A statement borrowed from a StatementCache: use it like a Statement; when
// the handle goes, the statement is reset, its bindings cleared, and it goes
// back to the cache for the next caller with the same SQL.
class CachedStatement {
public:
    CachedStatement(std::vector<Statement> &home, Statement statement)
        : home_(&home), statement_(std::move(statement)) {}
    ~CachedStatement();
    CachedStatement(CachedStatement &&other) noexcept
        : home_(std::exchange(other.home_, nullptr)), statement_(std::move(other.statement_)) {}
    CachedStatement &operator=(CachedStatement &&) = delete;
    CachedStatement(const CachedStatement &) = delete;
    CachedStatement &operator=(const CachedStatement &) = delete;

    Statement &operator*() { return statement_; }
    Statement *operator->() { return &statement_; }

private:
    std::vector<Statement> *home_; // the cache's idle statements for this SQL
    Statement statement_;
};

// A connection's idle compiled statements by SQL text. A statement in use is
// out of the cache, so two handles for the same SQL at once (a query nested
// in another's loop) get two statements. Holds as many statements per SQL as
// were ever in use at once, which the caller's code bounds. Must outlive
// every handle it gave out.
class StatementCache {
public:
    // An idle statement for sql, or one db compiles now.
    CachedStatement take(Database &db, std::string_view sql);

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view text) const {
            return std::hash<std::string_view>{}(text);
        }
    };
    // Map nodes never move, so a handle may point at its SQL's vector.
    std::unordered_map<std::string, std::vector<Statement>, Hash, std::equal_to<>> idle_;
};

} // namespace chatd::storage
