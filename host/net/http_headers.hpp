#pragma once

#include "transport/http.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace chatd::net {

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Header names are case-insensitive; responders may not write them in lower case.
inline bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// The first header with this name, or null.
inline const std::string *find_header(const transport::HttpHeaders &headers,
                                      std::string_view name) {
    const auto it = std::find_if(headers.begin(), headers.end(), [name](const auto &header) {
        return equals_ignoring_case(header.first, name);
    });
    return it == headers.end() ? nullptr : &it->second;
}

} // namespace chatd::net
