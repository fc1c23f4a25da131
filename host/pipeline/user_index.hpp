#pragma once

#include <chatd/plugin_abi.h>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chatd::pipeline {

// The ready connections of each user, so that reaching every connection of
// one user (a direct message) costs that user's connections, not a walk of
// all of them. Users are compared ASCII case-insensitively, the way the auth
// plugin tells accounts apart. Pipeline thread only.
class UserIndex {
public:
    void add(std::string_view user, chatd_conn_id conn);
    void remove(std::string_view user, chatd_conn_id conn);
    // In the order they opened: ids grow with every open and are never reused.
    const std::vector<chatd_conn_id> &conns_of(std::string_view user) const;

private:
    std::unordered_map<std::string, std::vector<chatd_conn_id>> by_user_;
};

} // namespace chatd::pipeline
