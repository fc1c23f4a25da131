// A room message as the host delivers it: built from the frame a stage marked
// with frame_make_message, fixed at commit, then fanned out unchanged.
#pragma once

#include "pipeline/frame.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace chatd::pipeline {

// The string `key` of a frame body; empty when absent or not a string.
const std::string &string_field(const nlohmann::json &body, const char *key);

// The keys of a delivered message that only the host writes.
bool is_message_key(std::string_view key);

// {"type":"message","room","seq","from","text","ts", extras...}; seq and ts
// only once committed. Room and text come from the frame body, which the
// marking stage checked; `from` is the sender's user name.
std::string message_json(const chatd_frame &frame, std::string_view from);

// Fixes the delivered form. From here on message_json returns this text.
void commit_message(chatd_frame &frame, std::string_view from, uint64_t seq, int64_t ts_ms);

} // namespace chatd::pipeline
