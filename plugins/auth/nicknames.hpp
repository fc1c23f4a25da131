// Open mode: the names guests picked, so that no two connections go by the
// same one (compared without case: "Ann" and "ann" would be confused in a
// room). Pipeline thread only.
#pragma once

#include <chatd/plugin_abi.h>

#include <string>
#include <string_view>
#include <unordered_map>

namespace chatd::auth {

class Nicknames {
public:
    // Gives conn the name, dropping the one it had; false if another
    // connection has it.
    bool claim(chatd_conn_id conn, std::string_view name);
    void release(chatd_conn_id conn);

private:
    std::unordered_map<std::string, chatd_conn_id> owners_; // folded name -> conn
    std::unordered_map<chatd_conn_id, std::string> names_;  // conn -> folded name
};

} // namespace chatd::auth
