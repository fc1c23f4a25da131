// What counts as a room name: the rooms plugin checks every frame that names
// one, and the plugins whose config names rooms (history's retention, auth's
// permissions) refuse a name no room can have.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace chatd::plugins {

// The most a room name can be; the rooms plugin may allow less.
inline constexpr std::size_t kMaxRoomNameBytes = 255;

bool is_valid_room_name(std::string_view name, std::size_t max_bytes = kMaxRoomNameBytes) noexcept;

// The rule in words, for error messages and init refusals.
std::string room_name_rule(std::size_t max_bytes = kMaxRoomNameBytes);

// Direct messages between two users live in a room of their own,
// "dm:<a>:<b>": both names ASCII-lower-cased (users are compared that way)
// and sorted, so either side names the same room. ':' is no room-name byte,
// so no client-created room can be one. A name with ':' has no such room
// (dm_participants refuses it): the pair would be ambiguous.
std::string dm_room(std::string_view a, std::string_view b);
// The two users of a direct-message room, as dm_room wrote them; nullopt for
// any other name (also for "dm:" names dm_room does not make).
std::optional<std::pair<std::string, std::string>> dm_participants(std::string_view room);
// Whether the name is in the direct-message rooms' namespace ("dm:..."),
// which clients cannot join or list, whether or not dm_room made it.
bool is_dm_room(std::string_view room) noexcept;
// Whether `user` (ASCII case-insensitively) is one of the two of a
// direct-message room dm_room made.
bool is_dm_participant(std::string_view room, std::string_view user);

} // namespace chatd::plugins
