// Slow mode: in a room that has it, each user may post once every interval,
// whatever the flood limits would allow.
#pragma once

#include "expiring_table.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

namespace chatd::moderation {

class SlowMode {
public:
    using Clock = std::chrono::steady_clock;

    // nullopt: allowed (an interval of 0 or less is slow mode off), and the
    // user's next message in the room waits a whole interval from now.
    // Otherwise how long until the user may post there (rounded up, at least
    // 1 ms), and the refusal does not restart the interval.
    std::optional<std::chrono::milliseconds> take(std::string_view room, std::string_view user,
                                                  std::chrono::seconds interval,
                                                  Clock::time_point now);

    // Drops the users whose interval is over; take also does it as the table
    // grows. How many were dropped.
    std::size_t prune(Clock::time_point now);
    std::size_t tracked() const;

private:
    // An entry expires when its user may post in its room again.
    struct Nothing {};
    ExpiringTable<Nothing> next_allowed_;
};

} // namespace chatd::moderation
