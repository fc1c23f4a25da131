#pragma once

#include "config/error.hpp"
#include "config/option.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::config {

struct RawEntry;

// A parsed TOML table reduced to what chatd checks: keys, the values an option can take, and where
// each sits in the file. Copying into this keeps toml++ inside toml_guard.cpp and Config copyable.
using RawTable = std::vector<RawEntry>;

struct RawEntry {
    std::string key;
    Position key_position;
    Position value_position;
    // The value as an option would hold it; empty for a table and for TOML types no option takes
    // (dates, arrays of anything but strings). An integer is not converted to a double here.
    std::optional<Value> value;
    bool is_table = false;
    RawTable table; // the entries of a table
};

// The entry for `key`, or nullptr.
const RawEntry *find_entry(const RawTable &table, std::string_view key);

} // namespace chatd::config
