#pragma once

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
    // GET /api/v1/rooms/{room}/messages; anyone may read any room through it
    // until an auth plugin exists, hence a switch.
    bool http = true;
    RetentionPolicy retention;
    std::chrono::seconds retention_interval{0}; // how often a retention pass starts
    uint64_t index_lag_max = 0;                 // messages search may fall behind under load
};

extern const std::array<chatd_config_option, 13> kOptions;

// Throws std::invalid_argument naming the option for a value the declared
// type and bounds let through but the plugin cannot use.
Settings load_settings(const chatd::Host &host);

} // namespace chatd::history
