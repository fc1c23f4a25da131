#pragma once

#include "store/history_store.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace chatd::chatctl {

// Why `path` cannot be a database before anything opens it (it is
// missing, or not a file), or nullopt. SQLite would say "unable to open
// database file" for both; this says which.
std::optional<std::string> unusable_database(const std::filesystem::path &path);

// A failed read as one line naming the file.
std::string describe(const history::StoreError &error, const std::filesystem::path &path);

} // namespace chatd::chatctl
