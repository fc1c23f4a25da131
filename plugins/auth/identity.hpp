// Who a connection turned out to be.
#pragma once

#include <string>
#include <vector>

namespace chatd::auth {

struct Identity {
    std::string user;
    std::vector<std::string> roles;
};

} // namespace chatd::auth
