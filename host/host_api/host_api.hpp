#pragma once

#include <array>
#include <chatd/plugin_abi.h>
#include <string_view>

namespace chatd::host_api {

// The table handed to every plugin's on_init; it lives for the whole process.
const chatd_host_api *table();

// What this host offers to plugins that list required capabilities.
inline constexpr std::array<std::string_view, 4> kCapabilities = {
    CHATD_CAP_PAUSE, CHATD_CAP_TIMERS, CHATD_CAP_IDENTITY, CHATD_CAP_ROOMS};

} // namespace chatd::host_api
