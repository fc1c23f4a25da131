#include "plugin_table.hpp"

#include <charconv>
#include <cstdio>

namespace chatd::test {

namespace {

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned char>(c));
            out += escape;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string literal(const std::string &s) { return quoted(s); }
std::string literal(int64_t n) { return std::to_string(n); }
std::string literal(bool b) { return b ? "true" : "false"; }

std::string literal(double d) {
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, d).ptr;
    std::string text(buf, end);
    // TOML reads 2 as an integer; a double must look like one (inf and nan do).
    if (text.find_first_of(".eina") == std::string::npos) text += ".0";
    return text;
}

std::string literal(const std::vector<std::string> &items) {
    std::string out = "[";
    for (const auto &item : items)
        out += (out.size() > 1 ? ", " : "") + quoted(item);
    return out + "]";
}

} // namespace

void PluginTable::set(const std::string &key, const Value &value) {
    entries_[quoted(key)] = std::visit([](const auto &v) { return literal(v); }, value);
}

std::string PluginTable::toml(std::string_view plugin) const {
    std::string text = "[plugins." + std::string(plugin) + "]\n";
    for (const auto &[key, value] : entries_)
        text += key + " = " + value + "\n";
    return text;
}

} // namespace chatd::test
