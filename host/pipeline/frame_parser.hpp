#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace chatd::pipeline {

// The longest "id", in bytes of JSON text as it is echoed (a string with its
// quotes and escapes). Every answer echoes the id, so a long one would let a
// small frame provoke a large answer, over and over; request ids need far less.
inline constexpr size_t kMaxIdBytes = 128;

struct FrameError {
    std::string code;
    std::string message;
    nlohmann::json id; // null when the frame had no usable id
};

// Turns one client WebSocket message into a frame body: a JSON object with a
// string "type". Plain text (first non-blank character not '{') becomes
// {"type":"message","text":...} for the connection's default room. The
// server-assigned keys "seq", "from" and "ts" are removed from client frames.
// An "id" that is not a string or number, is longer than kMaxIdBytes or would
// not echo exactly is refused without being echoed.
std::variant<nlohmann::json, FrameError> parse_client_frame(std::string_view data, bool binary);

} // namespace chatd::pipeline
