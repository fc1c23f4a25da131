#pragma once

#include <filesystem>
#include <string>

namespace chatd::config {

// What a path written in a config file means: relative to `base_dir`, the directory of that file
// (empty when chatd runs without one, so chatd's working directory), lexically normalised.
// `[plugins] dir` and the plugins' PATH options both read their paths this way.
std::filesystem::path resolve_config_path(const std::filesystem::path &base_dir,
                                          const std::filesystem::path &written);

// The same path made absolute, as a PATH option serves it: one unambiguous name for the plugin to
// open and to log, whatever the plugin (or a library it passes the name to) does with relative
// ones.
std::string absolute_config_path(const std::filesystem::path &base_dir,
                                 const std::filesystem::path &written);

} // namespace chatd::config
