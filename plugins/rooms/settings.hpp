// The plugin's declared configuration and its values once read at init.
#pragma once

#include <chatd/plugin_sdk.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace chatd::rooms {

inline constexpr std::array kOptions = {
    chatd::string_option("default_room", "lobby",
                         "room every new connection joins; must be a valid room name"),
    chatd::int_option("max_rooms_per_connection", 100, 1, 10000,
                      "rooms one connection may be in at once; more joins get forbidden"),
    chatd::int_option("max_topic_bytes", 390, 1, 65536,
                      "longest topic in bytes; longer ones get too_large"),
    chatd::int_option("max_text_bytes", 16384, 1, 1048576,
                      "longest message text in bytes; longer ones get too_large"),
    chatd::int_option("max_room_name_bytes", 64, 1, 255, "longest room name in bytes"),
    chatd::int_option("default_limit", 100, 1, 10000,
                      "entries in a rooms or members answer without a limit, and members "
                      "in a joined frame; at most max_limit"),
    chatd::int_option("max_limit", 1000, 1, 10000,
                      "largest limit a rooms or members request may ask for"),
    chatd::path_option("database", "chatd-rooms.db",
                       "the SQLite file that keeps room topics; relative to the config file"),
    chatd::int_option("max_topics", 10000, 1, 1000000,
                      "rooms with a topic at most; a topic for one more room gets forbidden"),
    chatd::int_option("presence_tick_ms", 50, 0, 10000,
                      "in a room of more than default_limit members, joins and leaves are told "
                      "in one presence frame per this many ms; 0: each at once"),
    chatd::int_option("presence_max_members", 1000, 0, 1000000,
                      "in a room of more members than this no presence is told; 0: no limit"),
};

struct Settings {
    std::string default_room;
    std::size_t max_rooms_per_connection;
    std::size_t max_topic_bytes;
    std::size_t max_text_bytes;
    std::size_t max_room_name_bytes;
    std::size_t default_limit;
    std::size_t max_limit;
    std::filesystem::path database; // absolute: the host resolved it
    std::size_t max_topics;
    std::uint64_t presence_tick_ms;   // 0: every change told at once
    std::size_t presence_max_members; // 0: no limit
};

// Throws std::invalid_argument naming the problem when default_room is not a
// valid room name or default_limit is over max_limit, so the host refuses the
// plugin with that reason.
Settings load_settings(const chatd::Host &host);

} // namespace chatd::rooms
