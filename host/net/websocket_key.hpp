#pragma once

#include <string_view>

namespace chatd::net {

// A Sec-WebSocket-Key as RFC 6455 §4.1 requires it: 16 bytes in base64,
// which is 22 characters, the last carrying 2 bits, then "==".
bool is_websocket_key(std::string_view key);

} // namespace chatd::net
