#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace chatd::pipeline {

struct FrameError {
    std::string code;
    std::string message;
    nlohmann::json id; // null when the frame had no usable id
};

// Turns one client WebSocket message into a frame body: a JSON object with a
// string "type". Plain text (first non-blank character not '{') becomes
// {"type":"message","text":...} for the connection's default room. The
// server-assigned keys "seq", "from" and "ts" are removed from client frames.
std::variant<nlohmann::json, FrameError> parse_client_frame(std::string_view data, bool binary);

} // namespace chatd::pipeline
