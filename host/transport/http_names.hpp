#pragma once

#include "transport/http.hpp"

#include <algorithm>
#include <string>
#include <string_view>

// Header names as HTTP defines them: ASCII tokens compared without regard to
// case. One definition for the network side, the routes and the host API, so
// they cannot disagree on which name is which.

namespace chatd::transport {

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

inline std::string lower_case(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
    return out;
}

inline bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// An RFC 9110 token: what a header name may be, so it cannot end the line or
// inject another one.
inline bool is_token(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
}

// The first header with this name, or null.
inline const std::string *find_header(const HttpHeaders &headers, std::string_view name) {
    const auto it = std::find_if(headers.begin(), headers.end(), [name](const auto &header) {
        return equals_ignoring_case(header.first, name);
    });
    return it == headers.end() ? nullptr : &it->second;
}

} // namespace chatd::transport
