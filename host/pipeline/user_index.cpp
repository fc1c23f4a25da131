#include "pipeline/user_index.hpp"

#include "transport/http_names.hpp"

#include <algorithm>

namespace chatd::pipeline {

namespace {

const std::vector<chatd_conn_id> kNoConns;

// ASCII only: a user name's other bytes (UTF-8) stay as they are.
std::string key_of(std::string_view user) { return transport::lower_case(user); }

} // namespace

void UserIndex::add(std::string_view user, chatd_conn_id conn) {
    std::vector<chatd_conn_id> &conns = by_user_[key_of(user)];
    auto at = std::lower_bound(conns.begin(), conns.end(), conn);
    if (at == conns.end() || *at != conn) conns.insert(at, conn);
}

void UserIndex::remove(std::string_view user, chatd_conn_id conn) {
    auto it = by_user_.find(key_of(user));
    if (it == by_user_.end()) return;
    std::erase(it->second, conn);
    // Names are the clients' choice (open mode nicknames): keep none that
    // has no connection left.
    if (it->second.empty()) by_user_.erase(it);
}

const std::vector<chatd_conn_id> &UserIndex::conns_of(std::string_view user) const {
    auto it = by_user_.find(key_of(user));
    return it == by_user_.end() ? kNoConns : it->second;
}

} // namespace chatd::pipeline
