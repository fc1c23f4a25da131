// One room's entry in a plugin's per-room option, "ROOM key=value ...":
// auth's room_permissions ("staff join=moderator invite=admin") and
// history's room_retention ("support max_messages=10000") are read alike.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatd::plugins {

struct RoomEntry {
    std::string room;
    // The words after the room, in order: the key and what follows its '='
    // (nullopt without one). Each key is there once.
    std::vector<std::pair<std::string, std::optional<std::string>>> settings;
};

// Throws std::invalid_argument, without quoting the entry (the caller names
// it and its option): no room name first, a name no room can have, a key
// given twice, or no key at all ("it names no " + `keys`).
RoomEntry parse_room_entry(const std::string &entry, std::string_view keys);

} // namespace chatd::plugins
