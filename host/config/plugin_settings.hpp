#pragma once

#include "config/error.hpp"
#include "config/option.hpp"
#include "config/raw_tree.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chatd::config {

// One plugin's validated option values, declared defaults applied. Values never move once stored,
// even when the object itself is moved, so views handed to the plugin stay valid as long as it.
class PluginSettings {
public:
    PluginSettings() = default;
    explicit PluginSettings(Values values) : values_(std::move(values)) {}

    // nullptr if the plugin did not declare `key`.
    const Value *find(std::string_view key) const;

private:
    Values values_;
};

// Checks a plugin's [plugins.<name>] table (nullptr: absent, so all defaults) against the options
// it declared: unknown keys, wrong types, integers out of bounds and empty paths are errors at
// their position. PATH values, declared defaults too, are made absolute against `base_dir` (see
// absolute_config_path); an empty default stays empty, meaning "not set".
std::variant<PluginSettings, std::vector<Error>>
make_plugin_settings(const RawEntry *table, std::string_view plugin,
                     const std::vector<OptionSpec> &options, const std::string &file,
                     const std::filesystem::path &base_dir);

} // namespace chatd::config
