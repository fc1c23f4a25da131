#include "transport/close_codes.hpp"

namespace chatd::transport {

bool is_sendable_close_code(uint16_t code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

bool is_valid_close_payload(std::string_view payload) {
    if (payload.empty()) return true;
    if (payload.size() < 2) return false;
    auto byte = [&](size_t i) { return static_cast<uint16_t>(static_cast<uint8_t>(payload[i])); };
    return is_sendable_close_code(static_cast<uint16_t>(byte(0) << 8 | byte(1)));
}

} // namespace chatd::transport
