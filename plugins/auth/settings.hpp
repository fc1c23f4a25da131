// The auth plugin's declared configuration and its values once read at init.
#pragma once

#include "accounts/password_hash.hpp"
#include "auth_options.hpp"
#include "room_policy.hpp"

#include <chatd/plugin_sdk.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace chatd::auth {

enum class Mode { Open, Password, Jwt };

struct Settings {
    Mode mode;
    std::chrono::seconds auth_timeout;
    uint32_t max_failures;
    std::chrono::seconds failure_window;
    // Every role a connection may get: the built-in ones and the configured.
    std::vector<std::string> roles;
    std::filesystem::path database;
    uint64_t argon2_ops;
    uint64_t argon2_mem_kib;
    uint32_t login_workers;
    std::size_t max_pending_logins;
    std::string jwt_algorithm;
    std::string jwt_key;        // the secret's bytes or the PEM text; empty outside jwt mode
    std::string jwt_key_option; // where jwt_key came from: "jwt_secret" or "jwt_key_file"
    std::string jwt_issuer;
    std::string jwt_audience;
    std::chrono::seconds jwt_leeway;
    std::string jwt_user_claim;
    std::string jwt_roles_claim;
    std::string cookie_name;

    bool known_role(std::string_view role) const;
};

// who may do what in which room (may_join, may_post, may_read, may_set_topic
// and room_permissions), over settings' roles. Throws std::invalid_argument
// naming the key and what is wrong.
RoomPolicy load_policy(const chatd::Host &host, const Settings &settings);

// Throws std::invalid_argument naming the key and the problem (an unknown
// mode, a jwt mode without exactly one key, an unreadable key file, a role
// name that is not one), so that the host refuses the plugin with it.
Settings load_settings(const chatd::Host &host);

} // namespace chatd::auth
