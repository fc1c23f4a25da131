#include "room_names.hpp"

#include <algorithm>

namespace chatd::plugins {

namespace {

// Deliberately not std::isalnum: that depends on the C locale and would let
// bytes of other alphabets through in some.
bool is_name_byte(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

} // namespace

bool is_valid_room_name(std::string_view name, std::size_t max_bytes) noexcept {
    return !name.empty() && name.size() <= max_bytes &&
           std::all_of(name.begin(), name.end(), is_name_byte);
}

std::string room_name_rule(std::size_t max_bytes) {
    return "room names are 1-" + std::to_string(max_bytes) + " bytes of A-Z a-z 0-9 _ - .";
}

} // namespace chatd::plugins
