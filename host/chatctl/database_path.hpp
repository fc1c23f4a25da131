#pragma once

#include "chatctl/options.hpp"
#include "config/raw_tree.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

namespace chatd::chatctl {

// A plugin whose database chatctl opens: its table in chatd's config,
// [plugins.<plugin>], and the file it uses when the table names none,
// relative to the config file's directory, or to the working directory when
// chatd runs without a config.
struct PluginDatabase {
    std::string_view plugin;
    std::string_view default_file;
};
inline constexpr PluginDatabase kHistoryDatabase{"history", "chatd-history.db"};
inline constexpr PluginDatabase kAuthDatabase{"auth", "chatd-auth.db"};
inline constexpr PluginDatabase kModerationDatabase{"moderation", "chatd-moderation.db"};

// The [plugins.<plugin>] table of a config file, as chatctl reads it.
struct PluginTable {
    std::string file; // the config file, for messages
    // Empty when the config has no such table. chatd checks the rest of the
    // file; chatctl reads only its keys, so a config chatd would refuse for
    // another reason still serves.
    config::RawTable entries;
};

// An unreadable or unparsable config, or a [plugins] or [plugins.<plugin>]
// that is not a table, is an error naming the file (and line).
std::variant<PluginTable, std::string> read_plugin_table(const std::string &config_file,
                                                         std::string_view plugin);

// The table's database key (or the default) relative to the config's
// directory; a key that is not a non-empty string is an error naming the
// file and line.
std::variant<std::filesystem::path, std::string> database_in(const PluginTable &table,
                                                             const PluginDatabase &which);

// Which file to open: --db as given; with --config, the plugin's database
// key (or the default) relative to the config's directory; otherwise the
// default in the working directory.
std::variant<std::filesystem::path, std::string> database_path(const DatabaseChoice &choice,
                                                               const PluginDatabase &which);

} // namespace chatd::chatctl
