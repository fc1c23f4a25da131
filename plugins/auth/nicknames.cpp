#include "nicknames.hpp"

#include <algorithm>
#include <cctype>

namespace chatd::auth {

namespace {

// User names are ASCII (user_names.hpp), so folding ASCII is folding all.
std::string folded(std::string_view name) {
    std::string out(name);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

bool Nicknames::claim(chatd_conn_id conn, std::string_view name) {
    std::string key = folded(name);
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
