// The moderation plugin's declared configuration: what chatd checks
// [plugins.moderation] against, and chatctl too (its ban and audit commands
// find the database through it).
#pragma once

#include "rules/room_limits.hpp"

#include <chatd/plugin_sdk.hpp>

#include <array>

namespace chatd::moderation {

inline constexpr std::array kOptions = {
    chatd::path_option("database", "chatd-moderation.db",
                       "the SQLite file of bans, mutes and the audit log (chatctl bans, ban, "
                       "audit work on it too)"),
    chatd::int_option("reload_interval_ms", 2000, 100, 60000,
                      "how often the database is checked for bans and mutes chatctl changed"),
    chatd::double_option("rate_per_s", 0.0,
                         "messages per second one user may post on average, all their "
                         "connections together; 0 turns flood control off"),
    chatd::int_option("burst", 10, 1, 100000, "messages one user may post in one burst"),
    chatd::int_option("slow_mode_s", 0, 0, 86400,
                      "seconds a user must wait between two messages in a room; 0 is off"),
    chatd::int_option("max_chars", 0, 0, 1000000,
                      "longest message in characters (code points); 0 is no limit"),
    chatd::strings_option("room_limits",
                          "a room's own limits, e.g. \"announcements rate=0.2 burst=1 slow_s=30 "
                          "max_chars=500 repeat_s=60 filter=off strikes=3 mute_s=600\"; a key "
                          "left out keeps the global value"),
    chatd::strings_option("word_filter",
                          "words refused (\"reject:word\" or just \"word\") or masked with "
                          "asterisks (\"mask:word\"); * stands for any letters"),
    chatd::int_option("repeat_window_s", 0, 0, 86400,
                      "seconds within which one user's identical message is refused; 0 is off"),
    chatd::int_option("escalation_strikes", 0, 0, kMaxStrikes,
                      "refusals (rate limited, filtered, repeated) within escalation_window_s "
                      "that earn a timed mute; 0 is never"),
    chatd::int_option("escalation_window_s", 60, 1, 86400,
                      "seconds over which escalation_strikes are counted"),
    chatd::int_option("escalation_mute_s", 300, 1, kMaxMuteSeconds,
                      "seconds of the mute that escalation gives, in the room of the last refusal"),
};

} // namespace chatd::moderation
