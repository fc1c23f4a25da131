#pragma once

#include "retention_config.hpp"
#include "store/history_store.hpp"

#include <chatd/plugin_sdk.hpp>
#include <chatd/storage/database.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace chatd::history {

struct Settings {
    std::filesystem::path database; // absolute: the host resolved it
    storage::Synchronous synchronous = storage::Synchronous::Full;
    size_t max_pending = 0; // messages accepted but not yet stored
    std::chrono::milliseconds busy_timeout{0};
    size_t default_limit = 0; // messages in a history answer that names no limit
    size_t max_limit = 0;
    // Roles that may read any room's history; members read their rooms'.
    std::vector<std::string> read_roles;
    // Roles that may delete a message (leaving its tombstone); never empty.
    std::vector<std::string> delete_roles;
    // GET /api/v1/rooms/{room}/messages; anyone may read any room through it
    // until it checks who asks (the auth plugin's credentials), hence a switch.
    bool http = true;
    RetentionPolicy retention;
    std::chrono::seconds retention_interval{0}; // how often a retention pass starts
    uint64_t index_lag_max = 0;                 // messages search may fall behind under load
};

inline constexpr std::array kOptions = {
    chatd::path_option("database", "chatd-history.db",
                       "the SQLite file that holds history; relative to the config file"),
    chatd::string_option("synchronous", "full",
                         "full: a message is acked once it survives a power cut; normal: once it "
                         "survives chatd being killed (faster)"),
    chatd::int_option("max_pending", 65536, 1, 1 << 24,
                      "messages accepted but not yet stored; more are refused with 'busy'"),
    chatd::int_option("busy_timeout_ms", 5000, 0, 600000,
                      "how long a write waits for a lock another process holds on the file"),
    chatd::int_option("default_limit", 50, 1, 10000,
                      "messages in a history answer whose request names no limit"),
    chatd::int_option("max_limit", 500, 1, 10000, "largest limit a history request may ask for"),
    chatd::strings_option("read_roles",
                          "roles that may read every room's history; members read their rooms'"),
    // A list option's default is always empty (plugin_abi.h), so empty
    // stands for the default here: load_settings() fills it in.
    chatd::strings_option("delete_roles",
                          "roles that may delete a message, leaving its tombstone; empty: "
                          "moderator and admin"),
    chatd::bool_option("http", true,
                       "serve GET /api/v1/rooms/{room}/messages; anyone can read every room "
                       "through it until an auth plugin checks who asks"),
    chatd::int_option("max_age_s", 0, 0, kMaxAgeSecondsLimit,
                      "messages older than this many seconds are deleted; 0 keeps them forever"),
    chatd::int_option("max_messages", 0, 0, kMaxMessagesLimit,
                      "each room keeps only its newest this many messages; 0 keeps them all"),
    chatd::strings_option("room_retention",
                          "a room's own bounds, e.g. \"support max_age_s=604800 "
                          "max_messages=10000\"; a bound left out is the global one"),
    chatd::int_option("retention_interval_s", 60, 1, 86400,
                      "seconds between the starts of two retention passes"),
    chatd::int_option("index_lag_max", 1000000, 0, int64_t{1} << 40,
                      "messages search may fall behind while appends come faster than they can "
                      "be indexed; past it indexing takes turns with appends; 0: never behind"),
};

// Who may delete messages when delete_roles names nobody.
inline const std::vector<std::string> kDefaultDeleteRoles = {"moderator", "admin"};

// Throws std::invalid_argument naming the option for a value the declared
// type and bounds let through but the plugin cannot use.
Settings load_settings(const chatd::Host &host);

} // namespace chatd::history
