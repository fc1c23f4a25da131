#include "chatctl/auth_settings.hpp"

#include "accounts/user_names.hpp"
#include "chatctl/database_path.hpp"

#include <algorithm>

namespace chatd::chatctl {

namespace {

using config::error_at;

// Reads one argon2 key into `out` when the table has it; the error otherwise.
std::optional<std::string> read_cost(const PluginTable &table, const std::string &key, uint64_t min,
                                     uint64_t max, uint64_t &out) {
    const config::RawEntry *entry = config::find_entry(table.entries, key);
    if (entry == nullptr) return std::nullopt;
    const auto *value = entry->value ? std::get_if<int64_t>(&*entry->value) : nullptr;
    if (value == nullptr || *value < 0 || static_cast<uint64_t>(*value) < min ||
        static_cast<uint64_t>(*value) > max)
        return error_at(table.file, entry->value_position,
                        "[plugins.auth] " + key + " must be a whole number from " +
                            std::to_string(min) + " to " + std::to_string(max))
            .str();
    out = static_cast<uint64_t>(*value);
    return std::nullopt;
}

std::optional<std::string> read_roles(const PluginTable &table, std::vector<std::string> &roles) {
    const config::RawEntry *entry = config::find_entry(table.entries, "roles");
    if (entry == nullptr) return std::nullopt;
    const auto *list =
        entry->value ? std::get_if<std::vector<std::string>>(&*entry->value) : nullptr;
    if (list == nullptr)
        return error_at(table.file, entry->value_position,
                        "[plugins.auth] roles must be an array of strings")
            .str();
    for (const std::string &role : *list) {
        if (!auth::is_valid_role_name(role))
            return error_at(table.file, entry->value_position,
                            "[plugins.auth] roles: invalid role name '" + role +
                                "': " + auth::role_name_rule())
                .str();
        if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
    }
    return std::nullopt;
}

} // namespace

std::variant<AuthSettings, std::string> auth_settings(const DatabaseChoice &choice) {
    AuthSettings settings{.database = {},
                          .params = {},
                          .roles = {auth::kBuiltinRoles.begin(), auth::kBuiltinRoles.end()}};
    if (!choice.config) {
        settings.database = choice.db.value_or(std::string(kAuthDatabase.default_file));
        return settings;
    }
    auto read = read_plugin_table(*choice.config, kAuthDatabase.plugin);
    if (auto *error = std::get_if<std::string>(&read)) return *error;
    const PluginTable &table = std::get<PluginTable>(read);
    auto database = database_in(table, kAuthDatabase);
    if (auto *error = std::get_if<std::string>(&database)) return *error;
    settings.database = std::get<std::filesystem::path>(database);
    if (auto error =
            read_cost(table, "argon2_ops", auth::kMinOps, auth::kMaxOps, settings.params.ops))
        return *error;
    if (auto error = read_cost(table, "argon2_mem_kib", auth::kMinMemKib, auth::kMaxMemKib,
                               settings.params.mem_kib))
        return *error;
    if (auto error = read_roles(table, settings.roles)) return *error;
    return settings;
}

} // namespace chatd::chatctl
