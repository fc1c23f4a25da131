#pragma once

#include "config/error.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace chatd::config {

// How deep tables and arrays may nest: past anything a configuration needs (toml++ itself stops
// arrays and inline tables at 256), and well short of where toml++'s recursive walks overflow an
// 8 MiB stack (about 7,000 levels in an unoptimised ASan build).
inline constexpr uint32_t max_nesting = 512;

// toml++ 3.3 limits nested values (arrays, inline tables) but not tables made by dotted keys and
// headers, and walks the finished tree recursively, so "a.a.a.a... = 1" with enough parts overflows
// the stack. This lexes `text` just far enough (strings, comments, keys, brackets) to bound the
// depth of every table and array toml++ would build, and returns where that bound first exceeds
// max_nesting. toml++ stops at its first error, so only the valid text before it builds tables,
// and for valid text the bound is never too low (fuzzed against toml++'s own trees).
std::optional<Position> find_excess_nesting(std::string_view text);

} // namespace chatd::config
