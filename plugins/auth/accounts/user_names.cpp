#include "accounts/user_names.hpp"

#include <algorithm>

namespace chatd::auth {

namespace {

constexpr std::string_view kGuestPrefix = "guest-";

bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool is_user_name_char(char c) {
    return is_lower_or_digit(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.';
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ignoring_case(std::string_view text, std::string_view lower_prefix) {
    return text.size() >= lower_prefix.size() &&
           std::equal(lower_prefix.begin(), lower_prefix.end(), text.begin(),
                      [](char p, char c) { return p == ascii_lower(c); });
}

} // namespace

bool is_valid_user_name(std::string_view name) {
    return !name.empty() && name.size() <= kMaxUserNameBytes &&
           std::all_of(name.begin(), name.end(), is_user_name_char) &&
           !starts_with_ignoring_case(name, kGuestPrefix);
}

std::string user_name_rule() {
    return "1 to " + std::to_string(kMaxUserNameBytes) +
           " characters of A-Z, a-z, 0-9, '_', '-' and '.', not beginning with 'guest-'";
}

bool is_valid_role_name(std::string_view role) {
    return !role.empty() && role.size() <= kMaxRoleNameBytes &&
           std::all_of(role.begin(), role.end(),
                       [](char c) { return is_lower_or_digit(c) || c == '_' || c == '-'; });
}

std::string role_name_rule() {
    return "1 to " + std::to_string(kMaxRoleNameBytes) + " characters of a-z, 0-9, '_' and '-'";
}

} // namespace chatd::auth
