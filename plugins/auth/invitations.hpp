// Who is invited to which invite-only room, in memory: the join check runs
// on the pipeline thread for every join, so it reads this, never the
// database. The invitation store fills it at start and after every write it
// has made durable.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace chatd::auth {

// User names are compared without regard to case (ASCII), as accounts are;
// room names exactly, as the rooms plugin does.
class Invitations {
public:
    void add(std::string_view room, std::string_view user);
    void remove(std::string_view room, std::string_view user);
    bool contains(std::string_view room, std::string_view user) const;

private:
    std::set<std::pair<std::string, std::string>> invited_; // (room, folded user)
};

} // namespace chatd::auth
