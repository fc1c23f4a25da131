#pragma once

#include "config/error.hpp"
#include "config/option.hpp"
#include "config/raw_tree.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::config {

// Checks one entry of the table named `table` (as in "[server]") against the option declared for
// its key, or nullptr if none was. An unknown key, a wrong type, an integer out of bounds or an
// empty path adds an error and returns nothing; otherwise returns the value in the option's type
// (an integer given for a DOUBLE option becomes a double; a path is returned as written).
std::optional<Value> check_entry(const RawEntry &entry, const OptionSpec *option,
                                 std::string_view table, const std::string &file,
                                 std::vector<Error> &errors);

// "a string", "an integer", ... for messages; empty for a type this chatd does not know.
std::string_view type_description(chatd_config_type type);

// "'a', 'b'": the offending items of an array, for messages.
std::string quote_list(const std::vector<std::string> &items);

} // namespace chatd::config
