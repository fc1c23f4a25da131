// The automatic limits and the rooms that set their own: the global ones
// from [plugins.moderation], and room_limits entries, each a room and then
// the limits it changes, in the words of room_entry.hpp:
//   "announcements rate=0.2 burst=1 slow_s=30"
//   "bots rate=20 burst=40 max_chars=8000"
// Keys: rate=<messages per second, decimal; 0 turns flood control off>,
// burst=<messages, whole>, slow_s=<seconds, whole; 0 is off>, max_chars=<
// characters, whole; 0 is no limit>, repeat_s=<seconds, whole; 0 is off>,
// filter=<on|off: whether the word filter applies>, strikes=<refusals, whole;
// 0: refusals here earn no mute>, mute_s=<seconds, whole>. A key an entry
// leaves out is the global value, so an entry says only how the room differs.
//
// Escalation counts a user's refusals in every room together, within the
// one global window; the room of the refusal that makes the count decides
// whether it earns a mute (strikes) and how long it is (mute_s).
#pragma once

#include "escalation.hpp"
#include "flood.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::moderation {

struct Limits {
    FloodLimits flood;
    std::chrono::seconds slow;
    std::size_t max_chars;
    std::chrono::seconds repeat_window{0}; // 0: repeats allowed
    bool filter = true;                    // the word filter applies
    EscalationLimits escalation{};         // strikes 0: never
};

// What the keys accept (the global values are the plugin's options to check).
inline constexpr double kMaxRatePerSecond = 1000;
inline constexpr double kMaxBurst = 100000;
inline constexpr long long kMaxSlowSeconds = 86400;
inline constexpr std::size_t kMaxChars = 1'000'000;
inline constexpr long long kMaxStrikes = 1000;
inline constexpr long long kMaxMuteSeconds = 31'536'000; // a year

class RoomLimits {
public:
    // Throws std::invalid_argument quoting the entry at fault ("room_limits
    // entry \"...\": ..."): a bad room name, an unknown key, a key without a
    // value or twice, a value that is not a number or out of range, a room
    // with two entries.
    RoomLimits(Limits everywhere, const std::vector<std::string> &room_entries);

    // The room's limits: its own entry's, or the global ones.
    const Limits &for_room(std::string_view room) const;
    // The flood bucket scope for FloodControl::take: the room's name if its
    // entry sets rate or burst, "" (the global bucket) otherwise.
    std::string_view flood_scope(std::string_view room) const;

private:
    struct Room {
        Limits limits;
        bool own_flood;
    };

    Limits everywhere_;
    std::map<std::string, Room, std::less<>> rooms_;
};

} // namespace chatd::moderation
