#include "settings.hpp"

#include "accounts/user_names.hpp"
#include "algorithm.hpp"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <utility>

namespace chatd::auth {

namespace {

Mode parse_mode(const std::string &mode) {
    if (mode == "open") return Mode::Open;
    if (mode == "password") return Mode::Password;
    if (mode == "jwt") return Mode::Jwt;
    throw std::invalid_argument("mode '" + mode + "' is not one of open, password, jwt");
}

// A key file is read whole: a PEM key, or a secret whose one trailing line
// break an editor added is not part of it.
std::string read_key_file(const std::filesystem::path &path, bool secret) {
    constexpr std::size_t kMaxBytes = 64 * 1024;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::invalid_argument("jwt_key_file " + path.string() + " cannot be read");
    std::string key(kMaxBytes + 1, '\0');
    in.read(key.data(), static_cast<std::streamsize>(key.size()));
    key.resize(static_cast<std::size_t>(in.gcount()));
    if (key.size() > kMaxBytes)
        throw std::invalid_argument("jwt_key_file " + path.string() + " is over 64 KiB");
    if (secret && key.ends_with('\n')) key.pop_back();
    if (secret && key.ends_with('\r')) key.pop_back();
    return key;
}

std::vector<std::string> all_roles(const chatd::Host &host) {
    std::vector<std::string> roles(kBuiltinRoles.begin(), kBuiltinRoles.end());
    for (std::string &role : host.config_strings("roles")) {
        if (!is_valid_role_name(role))
            throw std::invalid_argument("roles: '" + role + "' is not a role name (" +
                                        role_name_rule() + ")");
        if (std::find(roles.begin(), roles.end(), role) == roles.end())
            roles.push_back(std::move(role));
    }
    return roles;
}

std::string jwt_algorithm(const chatd::Host &host) {
    std::string algorithm = host.config_string("jwt_algorithm");
    if (!jwt::parse_algorithm(algorithm))
        throw std::invalid_argument("jwt_algorithm '" + algorithm +
                                    "' is not one of HS256, RS256, ES256");
    return algorithm;
}

// The key of jwt mode: exactly one of jwt_secret (HS256 only) and jwt_key_file.
std::string jwt_key(const chatd::Host &host, const std::string &algorithm) {
    std::string secret = host.config_string("jwt_secret");
    const std::filesystem::path file = host.config_string("jwt_key_file");
    if (!secret.empty() && !file.empty())
        throw std::invalid_argument("set jwt_secret or jwt_key_file, not both");
    if (secret.empty() && file.empty())
        throw std::invalid_argument("mode jwt needs jwt_secret (HS256) or jwt_key_file");
    if (!secret.empty() && algorithm != "HS256")
        throw std::invalid_argument("jwt_secret is for HS256; " + algorithm +
                                    " takes a public key in jwt_key_file");
    return secret.empty() ? read_key_file(file, algorithm == "HS256") : secret;
}

} // namespace

bool Settings::known_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
}

Settings load_settings(const chatd::Host &host) {
    Settings s{
        .mode = parse_mode(host.config_string("mode")),
        .auth_timeout = std::chrono::seconds(host.config_int("auth_timeout_s")),
        .max_failures = static_cast<uint32_t>(host.config_int("max_failures")),
        .failure_window = std::chrono::seconds(host.config_int("failure_window_s")),
        .roles = all_roles(host),
        .database = host.config_string("database"),
        .argon2_ops = static_cast<uint64_t>(host.config_int("argon2_ops")),
        .argon2_mem_kib = static_cast<uint64_t>(host.config_int("argon2_mem_kib")),
        .login_workers = static_cast<uint32_t>(host.config_int("login_workers")),
        .max_pending_logins = static_cast<std::size_t>(host.config_int("max_pending_logins")),
        .jwt_algorithm = jwt_algorithm(host),
        .jwt_key = {},
        .jwt_key_option = {},
        .jwt_issuer = host.config_string("jwt_issuer"),
        .jwt_audience = host.config_string("jwt_audience"),
        .jwt_leeway = std::chrono::seconds(host.config_int("jwt_leeway_s")),
        .jwt_user_claim = host.config_string("jwt_user_claim"),
        .jwt_roles_claim = host.config_string("jwt_roles_claim"),
        .cookie_name = host.config_string("cookie_name"),
    };
    if (s.mode == Mode::Jwt) {
        s.jwt_key = jwt_key(host, s.jwt_algorithm);
        s.jwt_key_option = host.config_string("jwt_secret").empty() ? "jwt_key_file" : "jwt_secret";
    }
    if (s.jwt_user_claim.empty()) throw std::invalid_argument("jwt_user_claim is empty");
    return s;
}

RoomPolicy load_policy(const chatd::Host &host, const Settings &settings) {
    const auto known = [&settings](std::string_view role) { return settings.known_role(role); };
    // The option that gives each action its roles in every room.
    static constexpr std::pair<Action, const char *> kEverywhere[] = {
        {Action::Join, "may_join"},
        {Action::Post, "may_post"},
        {Action::Read, "may_read"},
        {Action::SetTopic, "may_set_topic"}};
    RoomPolicy::Rules everywhere;
    for (const auto &[action, key] : kEverywhere) {
        for (std::string &role : host.config_strings(key)) {
            if (!known(role))
                throw std::invalid_argument(std::string(key) + ": '" + role +
                                            "' is not a role (add it to roles)");
            everywhere[static_cast<std::size_t>(action)].push_back(std::move(role));
        }
    }
    return RoomPolicy(std::move(everywhere), host.config_strings("room_permissions"), known);
}

} // namespace chatd::auth
