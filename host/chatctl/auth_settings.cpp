#include "chatctl/auth_settings.hpp"

#include "chatctl/database_path.hpp"
#include "config/plugin_settings.hpp"

#include "accounts/user_names.hpp"
#include "auth_options.hpp"

#include <algorithm>

namespace chatd::chatctl {

namespace {

// [plugins.auth] checked against the options the auth plugin declares, by
// the code chatd checks it with, so chatctl refuses (with the same file:line
// message) what chatd would, and takes the plugin's defaults. nullptr: the
// config has no such table.
std::variant<config::PluginSettings, std::string> checked_table(const config::RawTable *entries,
                                                                const std::string &file) {
    static const std::vector<config::OptionSpec> specs = config::option_specs(auth::kOptions);
    config::RawEntry table;
    table.key = "auth";
    table.is_table = true;
    if (entries) table.table = *entries;
    auto checked = config::make_plugin_settings(entries ? &table : nullptr, "auth", specs, file,
                                                std::filesystem::path(file).parent_path());
    if (auto *errors = std::get_if<std::vector<config::Error>>(&checked))
        return errors->front().str();
    return std::get<config::PluginSettings>(std::move(checked));
}

template <class T> const T &value(const config::PluginSettings &settings, std::string_view key) {
    return std::get<T>(*settings.find(key));
}

} // namespace

std::variant<AuthSettings, std::string> auth_settings(const DatabaseChoice &choice) {
    std::optional<PluginTable> table;
    if (choice.config) {
        auto read = read_plugin_table(*choice.config, kAuthDatabase.plugin);
        if (auto *error = std::get_if<std::string>(&read)) return *error;
        table = std::get<PluginTable>(std::move(read));
    }
    auto checked = table ? checked_table(&table->entries, table->file) : checked_table(nullptr, "");
    if (auto *error = std::get_if<std::string>(&checked)) return *error;
    const config::PluginSettings &values = std::get<config::PluginSettings>(checked);

    AuthSettings settings{
        .database = choice.db ? std::filesystem::path(*choice.db)
                    : table   ? std::filesystem::path(value<std::string>(values, "database"))
                              : std::filesystem::path(kAuthDatabase.default_file),
        .params = {.ops = static_cast<uint64_t>(value<int64_t>(values, "argon2_ops")),
                   .mem_kib = static_cast<uint64_t>(value<int64_t>(values, "argon2_mem_kib"))},
        .roles = {auth::kBuiltinRoles.begin(), auth::kBuiltinRoles.end()}};
    for (const std::string &role : value<std::vector<std::string>>(values, "roles")) {
        if (!auth::is_valid_role_name(role)) {
            const config::RawEntry *entry = config::find_entry(table->entries, "roles");
            return config::error_at(table->file, entry->value_position,
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
