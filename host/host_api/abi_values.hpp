#pragma once

#include <algorithm>
#include <chatd/plugin_abi.h>
#include <cstdint>
#include <cstring>
#include <string_view>

// Moving values across the C boundary, for every file of the host API.
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

} // namespace chatd::host_api
