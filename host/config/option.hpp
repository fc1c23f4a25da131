#pragma once

#include <chatd/plugin_abi.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace chatd::config {

// One option's value, in the C++ type matching its chatd_config_type.
using Value = std::variant<std::string, int64_t, bool, double, std::vector<std::string>>;

// Option values by key; std::map so that a stored value never moves and views into it stay valid.
using Values = std::map<std::string, Value, std::less<>>;

// One declared option: the C++ form of chatd_config_option. chatd describes its own [server] and
// [plugins] keys the same way, so every table is checked by the same code.
struct OptionSpec {
    // The {} let designated initializers leave members out without -Wmissing-field-initializers.
    std::string name{};
    chatd_config_type type = CHATD_CONFIG_STRING;
    std::string help{};
    std::string default_string{};
    int64_t default_int = 0; // INT, and BOOL as 0 or 1
    double default_double = 0;
    int64_t min_int = 0, max_int = 0; // inclusive; checked only when min_int < max_int
};

// The spec of an option a plugin declared (its struct as the host reads it,
// struct_size already reconciled).
OptionSpec option_spec(const chatd_config_option &declared);

// The specs of a table of options compiled into this program (a core
// plugin's kOptions, read by chatctl and the tests), in this build's layout.
template <class Declared> std::vector<OptionSpec> option_specs(const Declared &declared) {
    std::vector<OptionSpec> out;
    for (const chatd_config_option &option : declared)
        out.push_back(option_spec(option));
    return out;
}

} // namespace chatd::config
