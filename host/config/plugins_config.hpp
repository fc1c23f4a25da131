#pragma once

#include "config/error.hpp"
#include "config/raw_tree.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::config {

// Where plugins are loaded from when the config names no directory: the build
// option CHATD_DEFAULT_PLUGIN_DIR when a packager set it, otherwise
// lib/chatd/plugins beside the running executable's bin folder. That is where
// the build writes plugins (build/<preset>/host/chatd and
// build/<preset>/lib/chatd/plugins) and where `cmake --install` puts them
// (<prefix>/bin/chatd and <prefix>/lib/chatd/plugins).
std::filesystem::path default_plugin_dir();

// [plugins]; config/chatd.toml documents every key.
struct PluginsConfig {
    std::filesystem::path dir = default_plugin_dir();
    std::vector<std::string> pipeline = {"rooms"}; // stage order, by plugin name

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
