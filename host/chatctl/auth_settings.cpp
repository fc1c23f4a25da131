#include "chatctl/auth_settings.hpp"

#include "chatctl/plugin_config.hpp"

#include "accounts/user_names.hpp"
#include "auth_options.hpp"

#include <algorithm>

namespace chatd::chatctl {

std::variant<AuthSettings, std::string> auth_settings(const DatabaseChoice &choice) {
    static const std::vector<config::OptionSpec> specs = config::option_specs(auth::kOptions);
    auto read = plugin_config(choice, kAuthDatabase, specs);
    if (auto *error = std::get_if<std::string>(&read)) return *error;
    const PluginConfig &plugin = std::get<PluginConfig>(read);
    const config::PluginSettings &values = plugin.values;

    AuthSettings settings{
        .database = plugin.database,
        .params = {.ops = static_cast<uint64_t>(setting<int64_t>(values, "argon2_ops")),
                   .mem_kib = static_cast<uint64_t>(setting<int64_t>(values, "argon2_mem_kib"))},
        .roles = {auth::kBuiltinRoles.begin(), auth::kBuiltinRoles.end()}};
    for (const std::string &role : setting<std::vector<std::string>>(values, "roles")) {
        if (!auth::is_valid_role_name(role)) {
            const config::RawEntry *entry = config::find_entry(plugin.table->entries, "roles");
            return config::error_at(plugin.table->file, entry->value_position,
                                    "[plugins.auth] roles: invalid role name '" + role +
                                        "': " + auth::role_name_rule())
                .str();
        }
        if (std::find(settings.roles.begin(), settings.roles.end(), role) == settings.roles.end())
            settings.roles.push_back(role);
    }
    return settings;
}

} // namespace chatd::chatctl
