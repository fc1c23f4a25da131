#pragma once

#include "pipeline/plugin.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace chatd::loader {

struct Refusal {
    std::filesystem::path path;
    std::string reason;
    std::string line() const; // "refused plugin <path>: <reason>"
};

// Opens one file with Boost.DLL, calls its entry point and checks the ABI.
// Does not initialise it.
std::variant<std::unique_ptr<chatd_plugin>, Refusal> load_plugin(const std::filesystem::path &path);

struct Scan {
    std::vector<std::unique_ptr<chatd_plugin>> loaded; // by file name
    std::vector<Refusal> refused;
};

// Loads every *.so in dir, in file-name order; a second plugin with a name
// already taken is refused. A missing or unreadable dir is one refusal.
Scan scan_directory(const std::filesystem::path &dir);

} // namespace chatd::loader
