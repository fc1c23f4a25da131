#include "config/raw_tree.hpp"

#include <algorithm>

namespace chatd::config {

const RawEntry *find_entry(const RawTable &table, std::string_view key) {
    const auto it = std::find_if(table.begin(), table.end(),
                                 [key](const RawEntry &entry) { return entry.key == key; });
    return it == table.end() ? nullptr : &*it;
}

} // namespace chatd::config
