// What may name an account and a role. Both are checked wherever a name comes
// in (chatctl, the plugin's login), so the store only ever holds valid ones.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace chatd::auth {

inline constexpr size_t kMaxUserNameBytes = 32;
inline constexpr size_t kMaxRoleNameBytes = 32;

// 1 to 32 bytes of A-Z a-z 0-9 _ - . and not beginning with "guest-" in any
// case: guests are named guest-<n>, and an account must never be able to
// pass for one. ASCII only, so that comparing names without regard to case
// (as the store does) is plain ASCII folding.
bool is_valid_user_name(std::string_view name);
// The rule above as one line, for error messages.
std::string user_name_rule();

// 1 to 32 bytes of a-z 0-9 _ -: lower case only, so a role is spelled one way.
bool is_valid_role_name(std::string_view role);
std::string role_name_rule();

// The roles every chatd knows; a config may add its own.
inline constexpr std::array<std::string_view, 4> kBuiltinRoles = {"admin", "moderator", "user",
                                                                  "guest"};

} // namespace chatd::auth
