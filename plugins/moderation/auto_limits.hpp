// The automatic limits a message meets once no sanction stops it: its length
// in characters, the word filter, slow mode, flood control per user across
// all their connections, and repeated texts. Each refusal is a violation;
// enough of them in a window earn the user a timed mute, which the plugin
// applies as a moderator's would be.
#pragma once

#include "rules/escalation.hpp"
#include "rules/flood.hpp"
#include "rules/repeats.hpp"
#include "rules/room_limits.hpp"
#include "rules/slow_mode.hpp"
#include "rules/word_filter.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace chatd::moderation {

struct AutoLimitsOptions {
    RoomLimits limits;
    WordFilter filter;
};

class AutoLimits {
public:
    using Clock = std::chrono::steady_clock;

    explicit AutoLimits(AutoLimitsOptions options) : options_(std::move(options)) {}

    struct Outcome {
        // Empty: the message may go on, with `masked` as its text if set.
        std::string code{};
        std::string message{};
        std::optional<std::chrono::milliseconds> retry_after{};
        std::optional<std::string> masked{};
        // Set when this refusal earned a mute of that long.
        std::optional<std::chrono::seconds> mute{};
    };
    Outcome check(std::string_view room, std::string_view user, std::string_view text,
                  Clock::time_point now);
    // Drops what has expired; call now and then so memory stays bounded.
    void prune(Clock::time_point now);

private:
    // Counts the refusal towards a mute, by the room's escalation limits.
    Outcome violation(std::string_view user, const Limits &limits, Outcome outcome,
                      Clock::time_point now);

    const AutoLimitsOptions options_;
    FloodControl flood_;
    SlowMode slow_;
    RepeatGuard repeats_;
    Escalation escalation_;
};

} // namespace chatd::moderation
