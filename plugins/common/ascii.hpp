// Case folding for the names plugins compare without case (user names,
// nicknames, the keys they are counted and invited under).
#pragma once

#include <string>
#include <string_view>

namespace chatd::plugins {

// A-Z to a-z, every other byte as it is. Not std::tolower: that follows the
// C locale, and the bytes of a UTF-8 name must stay as they are.
inline std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

} // namespace chatd::plugins
