#include "room_entry.hpp"

#include "room_names.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace chatd::plugins {

RoomEntry parse_room_entry(const std::string &entry, std::string_view keys) {
    std::istringstream words(entry);
    RoomEntry parsed;
    words >> parsed.room;
    if (parsed.room.empty() || parsed.room.find('=') != std::string::npos)
        throw std::invalid_argument("it must begin with the room's name");
    if (!is_valid_room_name(parsed.room)) throw std::invalid_argument(room_name_rule());
    for (std::string word; words >> word;) {
        const std::size_t eq = word.find('=');
        std::string key = word.substr(0, eq);
        if (std::any_of(parsed.settings.begin(), parsed.settings.end(),
                        [&](const auto &setting) { return setting.first == key; }))
            throw std::invalid_argument(key + " is given twice");
        std::optional<std::string> value;
        if (eq != std::string::npos) value = word.substr(eq + 1);
        parsed.settings.emplace_back(std::move(key), std::move(value));
    }
    if (parsed.settings.empty()) throw std::invalid_argument("it names no " + std::string(keys));
    return parsed;
}

} // namespace chatd::plugins
