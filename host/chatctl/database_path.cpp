#include "chatctl/database_path.hpp"

#include "config/loader.hpp"
#include "config/toml_guard.hpp"

namespace chatd::chatctl {

std::variant<PluginTable, std::string> read_plugin_table(const std::string &config_file,
                                                         std::string_view plugin) {
    auto text = config::read_config_text(config_file);
    if (auto *error = std::get_if<config::Error>(&text)) return error->str();
    auto parsed = config::parse_toml(std::get<std::string>(text), config_file);
    if (auto *error = std::get_if<config::Error>(&parsed)) return error->str();

    const config::RawTable *table = &std::get<config::RawTable>(parsed);
    for (std::string_view name : {std::string_view("plugins"), plugin}) {
        const config::RawEntry *entry = config::find_entry(*table, name);
        if (entry == nullptr) return PluginTable{config_file, {}};
        if (!entry->is_table)
            return config::error_at(config_file, entry->value_position,
                                    "'" + entry->key + "' must be a table")
                .str();
        table = &entry->table;
    }
    return PluginTable{config_file, *table};
}

std::variant<std::filesystem::path, std::string> database_in(const PluginTable &table,
                                                             const PluginDatabase &which) {
    const std::filesystem::path base = std::filesystem::path(table.file).parent_path();
    const config::RawEntry *entry = config::find_entry(table.entries, "database");
    if (entry == nullptr) return base / which.default_file;
    const auto *value = entry->value ? std::get_if<std::string>(&*entry->value) : nullptr;
    if (value == nullptr || value->empty())
        return config::error_at(table.file, entry->value_position,
                                "[plugins." + std::string(which.plugin) +
                                    "] database must be a non-empty string")
            .str();
    return base / *value;
}

std::variant<std::filesystem::path, std::string> database_path(const DatabaseChoice &choice,
                                                               const PluginDatabase &which) {
    if (choice.db) return std::filesystem::path(*choice.db);
    if (!choice.config) return std::filesystem::path(which.default_file);
    auto table = read_plugin_table(*choice.config, which.plugin);
    if (auto *error = std::get_if<std::string>(&table)) return *error;
    return database_in(std::get<PluginTable>(table), which);
}

} // namespace chatd::chatctl
