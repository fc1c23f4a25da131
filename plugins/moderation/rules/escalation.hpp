// From refusals to a mute: a user who keeps running into the automatic limits
// (flooding, filtered words, repeats) is muted for a while, instead of
// being refused message by message for as long as they care to try.
#pragma once

#include "expiring_table.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace chatd::moderation {

struct EscalationLimits {
    int strikes;                      // violations within window that earn a mute; 0 or less: off
    std::chrono::milliseconds window; // how far back violations count
    std::chrono::seconds mute;        // how long the mute lasts
};

class Escalation {
public:
    using Clock = std::chrono::steady_clock;

    // Counts one violation of user's. When it makes `strikes` within the
    // last `window` (a sliding window: each violation counts for `window`
    // after it), returns the mute to apply and starts the user's count afresh,
    // so a muted user is not muted again the moment the mute ends.
    std::optional<std::chrono::seconds>
    violation(std::string_view user, const EscalationLimits &limits, Clock::time_point now);

    // The user's count starts afresh (a moderator lifted the mute).
    void forgive(std::string_view user);
    std::size_t prune(Clock::time_point now);
    // Users with violations counted.
    std::size_t tracked() const;

private:
    // The times of a user's violations still in the window, oldest first
    // and never more than strikes of them; the entry expires a window after
    // the latest.
    ExpiringTable<std::vector<Clock::time_point>> users_;
};

} // namespace chatd::moderation
