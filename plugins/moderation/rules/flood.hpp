// Flood control: a token bucket per user, shared by all of the user's
// connections (user names compared ASCII case-insensitively, as everywhere
// in chatd), so opening more sockets buys no more messages.
//
// Buckets are per limits scope: the caller passes the scope with the limits
// (RoomLimits::flood_scope gives it), "" for the global limits and the
// room's name for a room that sets its own. So a user has one bucket for all
// rooms that keep the global limits and one more for each room with its own
// rate or burst, and a busy room with generous limits does not drain (nor
// refill) the user's allowance everywhere else.
#pragma once

#include "expiring_table.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

namespace chatd::moderation {

struct FloodLimits {
    double rate_per_s; // tokens refilled per second; 0 (or less) turns flood control off
    double burst;      // tokens a full bucket holds; below 1 counts as 1
};

class FloodControl {
public:
    using Clock = std::chrono::steady_clock;

    // nullopt: allowed, and one token taken. Otherwise how long until one
    // token is there (rounded up, at least 1 ms), and nothing is taken, so a
    // refused message does not push the next allowed one further away.
    std::optional<std::chrono::milliseconds> take(std::string_view scope, std::string_view user,
                                                  const FloodLimits &limits, Clock::time_point now);

    // Drops the buckets that are full again (the same as none); take also
    // does it as the table grows, so calling this from a timer only returns
    // memory sooner. How many were dropped.
    std::size_t prune(Clock::time_point now);
    // Buckets held (those not full yet, and full ones not swept yet).
    std::size_t tracked() const;

private:
    // A bucket is kept as the time at which it is full again (the "virtual
    // scheduling" form of the token bucket, GCRA): integer time, so the
    // waits come out exact, and a full bucket's entry has simply expired.
    struct Nothing {};
    ExpiringTable<Nothing> buckets_;
};

} // namespace chatd::moderation
