#include "nicknames.hpp"

#include "ascii.hpp"

namespace chatd::auth {

bool Nicknames::claim(chatd_conn_id conn, std::string_view name) {
    std::string key = plugins::ascii_lower(name);
    auto [owner, fresh] = owners_.try_emplace(key, conn);
    if (!fresh) return owner->second == conn;
    release(conn);
    names_[conn] = std::move(key);
    return true;
}

void Nicknames::release(chatd_conn_id conn) {
    auto it = names_.find(conn);
    if (it == names_.end()) return;
    owners_.erase(it->second);
    names_.erase(it);
}

} // namespace chatd::auth
