#pragma once

#include <filesystem>

namespace chatd::storage {

// Creates the directory a database file is to go in, and its parents, when
// missing: Database creates only the file. Throws std::runtime_error naming
// the file and why when it cannot (a file in the way, no permission).
void create_directory_of(const std::filesystem::path &database);

} // namespace chatd::storage
