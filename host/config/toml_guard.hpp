#pragma once

#include "config/error.hpp"
#include "config/raw_tree.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace chatd::config {

// Parses TOML into a RawTable, or returns the one error that stopped it, with its position.
// Safe on any bytes: see toml_guard.cpp for the toml++ crashes it defuses.
std::variant<RawTable, Error> parse_toml(std::string_view text, const std::string &source);

} // namespace chatd::config
