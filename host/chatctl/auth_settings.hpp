#pragma once

#include "accounts/password_hash.hpp"
#include "chatctl/options.hpp"

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace chatd::chatctl {

// What the user commands take from chatd's config, so that chatctl hashes
// and checks as the auth plugin would: its database, its argon2 cost and the
// roles it knows.
struct AuthSettings {
    std::filesystem::path database;
    auth::PasswordParams params;
    std::vector<std::string> roles; // the built-in roles, then the config's
};

// With --config, [plugins.auth]'s database (default chatd-auth.db beside the
// config), argon2_ops, argon2_mem_kib and roles; otherwise --db or the
// default database, the default cost and the built-in roles. The table is
// checked against the options the plugin declares, as chatd checks it: an
// unknown key, a wrong type or a value out of range is chatd's own error,
// naming the file and line.
std::variant<AuthSettings, std::string> auth_settings(const DatabaseChoice &choice);

} // namespace chatd::chatctl
