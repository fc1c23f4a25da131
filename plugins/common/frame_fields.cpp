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

std::optional<int64_t> optional_int(const chatd::Frame &frame, const char *key, int64_t min,
                                    int64_t max, std::string_view hint) {
    // The string lookup is the one that tells a missing field from one of
    // another type; get_int finds nothing in both.
    if (std::string_view ignored; frame.lookup_string(key, ignored) == CHATD_ERR_NOT_FOUND)
        return std::nullopt;
    const std::optional<int64_t> value = frame.get_int(key);
    if (!value || *value < min || *value > max)
        throw Rejection("bad_request", std::string(key) + " must be a whole number from " +
                                           std::to_string(min) + " to " + std::to_string(max) +
                                           std::string(hint));
    return value;
}

} // namespace chatd::plugins
