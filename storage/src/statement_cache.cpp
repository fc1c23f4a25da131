#include "chatd/storage/statement_cache.hpp"

#include "chatd/storage/database.hpp"

namespace chatd::storage {

CachedStatement::~CachedStatement() {
    if (!home_) return;
    statement_.reset();
    statement_.clear_bindings();
    home_->push_back(std::move(statement_));
}

CachedStatement StatementCache::take(Database &db, std::string_view sql) {
    auto found = idle_.find(sql);
    if (found == idle_.end())
        found = idle_.emplace(std::string(sql), std::vector<Statement>()).first;
    auto &idle = found->second;
    if (idle.empty()) return CachedStatement(idle, db.prepare(sql));
    Statement statement = std::move(idle.back());
    idle.pop_back();
    return CachedStatement(idle, std::move(statement));
}

} // namespace chatd::storage
