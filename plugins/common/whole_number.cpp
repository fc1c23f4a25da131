#include "whole_number.hpp"

#include <charconv>

namespace chatd::plugins {

std::optional<uint64_t> whole_number(std::string_view text) {
    uint64_t value = 0;
    const char *const end = text.data() + text.size();
    // Into an unsigned type from_chars takes no '-' (nor ever '+' or a space),
    // and with no digit at all it fails.
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || stop != end) return std::nullopt;
    return value;
}

} // namespace chatd::plugins
