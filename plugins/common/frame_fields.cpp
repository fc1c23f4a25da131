#include "frame_fields.hpp"

namespace chatd::plugins {

std::optional<std::string_view> optional_string(const chatd::Frame &frame, const char *key) {
    std::string_view value;
    switch (frame.lookup_string(key, value)) {
    case CHATD_OK: return value;
    case CHATD_ERR_NOT_FOUND: return std::nullopt;
    default: throw Rejection("bad_request", std::string(key) + " must be a string");
    }
}

std::string_view required_string(const chatd::Frame &frame, const char *key) {
    const auto value = optional_string(frame, key);
    if (!value) throw Rejection("bad_request", std::string(key) + " is required");
    return *value;
}

} // namespace chatd::plugins
