#pragma once

#include "chatctl/options.hpp"

#include <filesystem>
#include <string>
#include <variant>

namespace chatd::chatctl {

// The history plugin's default database, relative to the config file's
// directory, or to the working directory when chatd runs without a config.
inline constexpr const char *kDefaultDatabase = "chatd-history.db";

// Which file to read: --db as given; with --config, [plugins.history]
// database (or the default) relative to the config's directory; otherwise
// the default in the working directory. An unreadable or unparsable config,
// or a database key that is not a non-empty string, is an error naming the
// file (and line).
std::variant<std::filesystem::path, std::string> database_path(const DatabaseChoice &choice);

} // namespace chatd::chatctl
