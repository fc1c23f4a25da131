// The moderation plugin's declared configuration: what chatd checks
// [plugins.moderation] against, and chatctl too (its ban and audit commands
// find the database through it).
#pragma once

#include <chatd/plugin_sdk.hpp>

#include <array>

namespace chatd::moderation {

inline constexpr std::array kOptions = {
    chatd::path_option("database", "chatd-moderation.db",
                       "the SQLite file of bans, mutes and the audit log (chatctl bans, ban, "
                       "audit work on it too)"),
    chatd::int_option("reload_interval_ms", 2000, 100, 60000,
                      "how often the database is checked for bans and mutes chatctl changed"),
};

} // namespace chatd::moderation
