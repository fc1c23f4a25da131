#pragma once

#include "config/error.hpp"
#include "config/raw_tree.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::config {

// [plugins]; config/chatd.toml documents every key.
struct PluginsConfig {
    std::filesystem::path dir = CHATD_DEFAULT_PLUGIN_DIR; // the build's plugin folder
    std::vector<std::string> pipeline = {"rooms"};        // stage order, by plugin name

    friend bool operator==(const PluginsConfig &, const PluginsConfig &) = default;
};

// [a-z0-9_]{1,64}: the names the plugin ABI allows.
bool is_plugin_name(std::string_view name);

// What [plugins] holds: chatd's own keys, and each [plugins.<name>] table as written, kept until
// that plugin has declared the options it takes.
struct PluginsSection {
    PluginsConfig config;
    RawTable plugin_tables;
};

// Reads [plugins] over the defaults; a relative dir is taken relative to `base_dir`.
PluginsSection read_plugins(const RawTable &table, const std::filesystem::path &base_dir,
                            const std::string &file, std::vector<Error> &errors);

} // namespace chatd::config
