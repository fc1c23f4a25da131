#include "invitations.hpp"

#include "ascii.hpp"

namespace chatd::auth {

namespace {

std::pair<std::string, std::string> key_of(std::string_view room, std::string_view user) {
    return {std::string(room), plugins::ascii_lower(user)};
}

} // namespace

void Invitations::add(std::string_view room, std::string_view user) {
    invited_.insert(key_of(room, user));
}

void Invitations::remove(std::string_view room, std::string_view user) {
    invited_.erase(key_of(room, user));
}

bool Invitations::contains(std::string_view room, std::string_view user) const {
    return invited_.contains(key_of(room, user));
}

} // namespace chatd::auth
