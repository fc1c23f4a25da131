// What counts as a room name, shared by config validation and every frame
// that names a room.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chatd::rooms {

bool is_valid_room_name(std::string_view name, std::size_t max_bytes) noexcept;

// The rule in words, for error messages and init refusals.
std::string room_name_rule(std::size_t max_bytes);

} // namespace chatd::rooms
