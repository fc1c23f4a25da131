// What counts as a room name: the rooms plugin checks every frame that names
// one, and the plugins whose config names rooms (history's retention, auth's
// permissions) refuse a name no room can have.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace chatd::plugins {

// The most a room name can be; the rooms plugin may allow less.
inline constexpr std::size_t kMaxRoomNameBytes = 255;

bool is_valid_room_name(std::string_view name, std::size_t max_bytes = kMaxRoomNameBytes) noexcept;

// The rule in words, for error messages and init refusals.
std::string room_name_rule(std::size_t max_bytes = kMaxRoomNameBytes);

} // namespace chatd::plugins
