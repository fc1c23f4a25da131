// The moderation plugin's configuration, read and checked once at init.
#pragma once

#include "auto_limits.hpp"
#include "moderation_options.hpp"

#include <chatd/plugin_sdk.hpp>

#include <chrono>
#include <filesystem>

namespace chatd::moderation {

struct Settings {
    std::filesystem::path database;
    std::chrono::milliseconds reload_interval;
    AutoLimitsOptions limits;
};

// Throws std::invalid_argument naming the option on a bad value.
Settings load_settings(const chatd::Host &host);

} // namespace chatd::moderation
