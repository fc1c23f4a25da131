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

using Loaded = std::variant<std::unique_ptr<chatd_plugin>, Refusal>;

// Opens one file with Boost.DLL, calls its entry point and checks the ABI.
// Does not initialise it.
Loaded load_plugin(const std::filesystem::path &path);

// Calls an entry point and checks the ABI of the descriptor it returns, as
// load_plugin does once the file is open; for a plugin linked into the caller
// (tests). `path` names it in the refusal; `code` keeps its code mapped for as
// long as the record lives.
Loaded load_entry(chatd_plugin_entry_fn entry, const std::filesystem::path &path,
                  std::shared_ptr<const void> code = {});

struct Scan {
    std::vector<std::unique_ptr<chatd_plugin>> loaded; // by file name
    std::vector<Refusal> refused;
};

// Loads every *.so in dir, in file-name order; a second plugin with a name
// already taken is refused. A missing or unreadable dir is one refusal.
Scan scan_directory(const std::filesystem::path &dir);

} // namespace chatd::loader
