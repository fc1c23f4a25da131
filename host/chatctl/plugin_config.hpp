#pragma once

#include "chatctl/database_path.hpp"
#include "chatctl/options.hpp"
#include "config/option.hpp"
#include "config/plugin_settings.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chatd::chatctl {

// A plugin's settings as chatd would take them, for a command that works on
// its database.
struct PluginConfig {
    std::optional<PluginTable> table; // with --config: the table as read
    config::PluginSettings values;    // the table's values, the plugin's defaults for the rest
    std::filesystem::path database;   // --db, the config's database, or the default
};

// With --config, [plugins.<which.plugin>] checked against the options the
// plugin declares (`specs`, from its kOptions), by the code chatd checks it
// with, so chatctl refuses (with the same file:line message) what chatd
// would, and takes the plugin's defaults. Without it, the defaults, and --db
// or the default file in the working directory.
std::variant<PluginConfig, std::string> plugin_config(const DatabaseChoice &choice,
                                                      const PluginDatabase &which,
                                                      const std::vector<config::OptionSpec> &specs);

template <class T> const T &setting(const config::PluginSettings &values, std::string_view key) {
    return std::get<T>(*values.find(key));
}

} // namespace chatd::chatctl
