#include "room_names.hpp"

#include "ascii.hpp"

#include <algorithm>
#include <utility>

namespace chatd::plugins {

namespace {

// Deliberately not std::isalnum: that depends on the C locale and would let
// bytes of other alphabets through in some.
bool is_name_byte(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

constexpr std::string_view kDmPrefix = "dm:";

} // namespace

bool is_valid_room_name(std::string_view name, std::size_t max_bytes) noexcept {
    return !name.empty() && name.size() <= max_bytes &&
           std::all_of(name.begin(), name.end(), is_name_byte);
}

std::string room_name_rule(std::size_t max_bytes) {
    return "room names are 1-" + std::to_string(max_bytes) + " bytes of A-Z a-z 0-9 _ - .";
}

std::string dm_room(std::string_view a, std::string_view b) {
    std::string first = ascii_lower(a), second = ascii_lower(b);
    if (second < first) std::swap(first, second);
    return std::string(kDmPrefix) + first + ':' + second;
}

std::optional<std::pair<std::string, std::string>> dm_participants(std::string_view room) {
    if (!room.starts_with(kDmPrefix)) return std::nullopt;
    const std::string_view pair = room.substr(kDmPrefix.size());
    const std::size_t colon = pair.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view a = pair.substr(0, colon), b = pair.substr(colon + 1);
    // Only the one spelling dm_room gives, of two names without ':':
    // otherwise two rooms would be one conversation ("dm:a:b:c" is a and
    // "b:c", or "a:b" and c), and whoever reads one could read the other.
    if (a.empty() || b.empty() || b.find(':') != std::string_view::npos || dm_room(a, b) != room)
        return std::nullopt;
    return std::pair{std::string(a), std::string(b)};
}

bool is_dm_room(std::string_view room) noexcept { return room.starts_with(kDmPrefix); }

bool is_dm_participant(std::string_view room, std::string_view user) {
    const auto pair = dm_participants(room);
    if (!pair) return false;
    const std::string me = ascii_lower(user);
    return me == pair->first || me == pair->second;
}

} // namespace chatd::plugins
