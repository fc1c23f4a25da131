#pragma once

#include "config/error.hpp"
#include "config/option.hpp"
#include "config/raw_tree.hpp"

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
// it declared: unknown keys, wrong types and integers out of bounds are errors at their position.
std::variant<PluginSettings, std::vector<Error>>
make_plugin_settings(const RawEntry *table, std::string_view plugin,
                     const std::vector<OptionSpec> &options, const std::string &file);

} // namespace chatd::config
