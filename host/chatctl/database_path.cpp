#include "chatctl/database_path.hpp"

#include "config/loader.hpp"
#include "config/toml_guard.hpp"

namespace chatd::chatctl {

namespace {

// Walks down [plugins.history]; nullptr when a table on the way is absent.
// chatd checks the rest of the file; chatctl needs only this key, so a
// config chatd would refuse for another reason still names the database.
const config::RawEntry *database_entry(const config::RawTable &top, const std::string &file,
                                       std::string &error) {
    const config::RawTable *table = &top;
    for (const char *name : {"plugins", "history"}) {
        const config::RawEntry *entry = config::find_entry(*table, name);
        if (entry == nullptr) return nullptr;
        if (!entry->is_table) {
            error = config::error_at(file, entry->value_position,
                                     "'" + entry->key + "' must be a table")
                        .str();
            return nullptr;
        }
        table = &entry->table;
    }
    return config::find_entry(*table, "database");
}

} // namespace

std::variant<std::filesystem::path, std::string> database_path(const DatabaseChoice &choice) {
    if (choice.db) return std::filesystem::path(*choice.db);
    if (!choice.config) return std::filesystem::path(kDefaultDatabase);

    const std::string &file = *choice.config;
    auto text = config::read_config_text(file);
    if (auto *error = std::get_if<config::Error>(&text)) return error->str();
    auto parsed = config::parse_toml(std::get<std::string>(text), file);
    if (auto *error = std::get_if<config::Error>(&parsed)) return error->str();

    std::string error;
    const config::RawEntry *entry = database_entry(std::get<config::RawTable>(parsed), file, error);
    if (!error.empty()) return error;
    const std::filesystem::path base = std::filesystem::path(file).parent_path();
    if (entry == nullptr) return base / kDefaultDatabase;
    const auto *value = entry->value ? std::get_if<std::string>(&*entry->value) : nullptr;
    if (value == nullptr || value->empty())
        return config::error_at(file, entry->value_position,
                                "[plugins.history] database must be a non-empty string")
            .str();
    return base / *value;
}

} // namespace chatd::chatctl
