#pragma once

#include "config/config.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

namespace chatd::config {

// Larger configs are refused unread: a real one is a few KiB, and this bounds what parsing costs.
inline constexpr std::size_t max_config_bytes = 1 << 20;

// A file that cannot be read gives one error naming it.
LoadResult load_file(const std::filesystem::path &path);

// The text of a config file within max_config_bytes, or the one error naming it; for tools that
// read a key or two of chatd's config through parse_toml (toml_guard.hpp) without validating it.
std::variant<std::string, Error> read_config_text(const std::filesystem::path &path);

// `source_name` is the file name used in errors; relative paths in it (plugins.dir, plugins' PATH
// options) are taken relative to its parent directory.
LoadResult load_string(std::string_view text, std::string source_name);

Config defaults();

} // namespace chatd::config
