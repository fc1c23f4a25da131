#pragma once

#include "config/error.hpp"
#include "config/option.hpp"
#include "config/plugin_settings.hpp"
#include "config/plugins_config.hpp"
#include "config/raw_tree.hpp"
#include "config/server_config.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace chatd::config {

struct Config;
using LoadResult = std::variant<Config, std::vector<Error>>;

// A loaded, validated configuration. Plugin tables are validated later, by plugin_settings(),
// because only a loaded plugin knows which options it takes.
struct Config {
    std::string source; // the file path, or "<defaults>"
    ServerConfig server;
    PluginsConfig plugins;

    // The [plugins.<name>] tables present in the file, with their line, in file order.
    std::vector<std::pair<std::string, uint32_t>> plugin_tables() const;

    // Validates [plugins.<plugin>] (absent: all defaults) against the options the plugin declared.
    // Errors carry the file position of the offending key or value.
    std::variant<PluginSettings, std::vector<Error>>
    plugin_settings(std::string_view plugin, const std::vector<OptionSpec> &options) const;

private:
    friend LoadResult load_string(std::string_view text, std::string source_name);

    RawTable plugin_tables_;
    // What relative paths in the file are relative to: its directory; empty without a file, so
    // chatd's working directory.
    std::filesystem::path base_dir_;
};

} // namespace chatd::config
