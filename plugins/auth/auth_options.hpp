// The auth plugin's declared configuration: what chatd checks [plugins.auth]
// against, and chatctl too (its user commands read the same table).
#pragma once

#include "accounts/password_hash.hpp"

#include <chatd/plugin_sdk.hpp>

#include <array>

namespace chatd::auth {

inline constexpr std::array kOptions = {
    chatd::string_option("mode", "open",
                         "open (everyone is a guest), password (accounts in database) or jwt"),
    chatd::int_option("auth_timeout_s", 10, 1, 3600,
                      "seconds a connection has to authenticate before it is closed with 1008"),
    chatd::int_option("max_failures", 5, 1, 1000,
                      "failed logins per user name and per address within failure_window_s; "
                      "more attempts get rate_limited"),
    chatd::int_option("failure_window_s", 60, 1, 86400,
                      "seconds over which max_failures failed logins are allowed"),
    chatd::strings_option("roles", "roles beyond admin, moderator, user and guest"),
    chatd::path_option("database", "chatd-auth.db",
                       "the SQLite file of accounts (password mode; chatctl user manages them) "
                       "and of invitations (when a room is invite-only)"),
    chatd::int_option("argon2_ops", 2, kMinOps, kMaxOps,
                      "argon2id passes for new password hashes (chatctl user add and passwd)"),
    chatd::int_option("argon2_mem_kib", 65536, kMinMemKib, kMaxMemKib,
                      "argon2id memory in KiB for new password hashes"),
    chatd::int_option("login_workers", 1, 1, 16,
                      "threads that check passwords; each uses argon2_mem_kib while it works"),
    chatd::int_option("max_pending_logins", 64, 1, 100000,
                      "password logins waiting for a worker; more get busy"),
    chatd::string_option("jwt_algorithm", "HS256", "HS256, RS256 or ES256; tokens must use it"),
    chatd::string_option("jwt_secret", "", "HS256: the shared secret, at least 32 bytes"),
    chatd::path_option("jwt_key_file", "",
                       "HS256: a file holding the secret; RS256/ES256: the PEM public key"),
    chatd::string_option("jwt_issuer", "", "the iss a token must carry; empty: not checked"),
    chatd::string_option("jwt_audience", "", "an aud a token must carry; empty: not checked"),
    chatd::int_option("jwt_leeway_s", 30, 0, 3600,
                      "clock skew in seconds allowed when checking exp, nbf and iat"),
    chatd::string_option("jwt_user_claim", "sub", "the claim that names the user"),
    chatd::string_option("jwt_roles_claim", "roles",
                         "the claim listing the user's roles (an array, or a string of names "
                         "separated by spaces)"),
    chatd::string_option("cookie_name", "chatd_token",
                         "jwt mode: the cookie an upgrade request may carry its token in"),
    chatd::strings_option("may_join", "roles that may join a room; empty: everyone"),
    chatd::strings_option("may_post", "roles that may post in a room; empty: everyone"),
    chatd::strings_option("may_read", "roles that may read a room's history; empty: everyone"),
    chatd::strings_option("may_set_topic", "roles that may set a room's topic; empty: everyone"),
    chatd::strings_option("room_permissions",
                          "a room's own roles per action, e.g. \"announcements "
                          "post=admin,moderator topic=admin\"; an action left out keeps the "
                          "may_ roles; invite=ROLES makes the room invite-only"),
};

} // namespace chatd::auth
