#pragma once

#include <algorithm>
#include <chatd/plugin_abi.h>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

// Moving values across the C boundary, and the names that cross it, for
// every file of the host API.
namespace chatd::host_api {

inline std::string_view sv(chatd_str_view v) {
    return v.data ? std::string_view(v.data, v.size) : "";
}
inline chatd_str_view view(std::string_view s) { return {s.data(), s.size()}; }

// Hands a size-prefixed struct to a plugin that may know fewer (or more)
// fields than the host: the caller's struct_size says how much it has room for.
template <class T> chatd_status copy_sized(const T &from, T *out) {
    if (!out || out->struct_size < sizeof(uint32_t)) return CHATD_ERR_INVALID;
    const uint32_t size = std::min<uint32_t>(out->struct_size, sizeof(T));
    std::memcpy(reinterpret_cast<unsigned char *>(out) + sizeof(uint32_t),
                reinterpret_cast<const unsigned char *>(&from) + sizeof(uint32_t),
                size - sizeof(uint32_t));
    return CHATD_OK;
}

inline bool valid_name(std::string_view s, size_t max) {
    if (s.empty() || s.size() > max) return false;
    return std::none_of(s.begin(), s.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

// The names plugins give users and roles: what hello, presence and role
// checks carry, whether set on a connection, at its handshake or on an HTTP
// request.
inline bool valid_user(chatd_str_view user) { return valid_name(sv(user), 128); }

inline bool holds(const std::vector<std::string> &roles, chatd_str_view role) {
    return std::find(roles.begin(), roles.end(), sv(role)) != roles.end();
}

inline chatd_status add_role(std::vector<std::string> &roles, chatd_str_view role) {
    if (!valid_name(sv(role), 64)) return CHATD_ERR_INVALID;
    if (!holds(roles, role)) roles.emplace_back(sv(role));
    return CHATD_OK;
}

} // namespace chatd::host_api
