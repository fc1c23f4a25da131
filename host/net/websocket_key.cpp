#include "net/websocket_key.hpp"

namespace chatd::net {

namespace {

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

} // namespace

bool is_websocket_key(std::string_view key) {
    if (key.size() != 24 || !key.ends_with("==")) return false;
    for (size_t i = 0; i < 22; ++i) {
        const size_t digit = kBase64.find(key[i]);
        if (digit == std::string_view::npos) return false;
        // The last character's low 4 bits lie past the 128th bit: must be 0.
        if (i == 21 && digit % 16 != 0) return false;
    }
    return true;
}

} // namespace chatd::net
