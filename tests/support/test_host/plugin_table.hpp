// The [plugins.<name>] table a test sets up key by key, written out as the
// TOML a user would write, so chatd's own config loader reads and checks it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chatd::test {

class PluginTable {
public:
    using Value = std::variant<std::string, int64_t, bool, double, std::vector<std::string>>;

    void set(const std::string &key, const Value &value);
    // A config file holding only this table, for the plugin called `plugin`.
    std::string toml(std::string_view plugin) const;
    void clear() { entries_.clear(); }

private:
    std::map<std::string, std::string> entries_; // quoted key -> TOML value
};

} // namespace chatd::test
