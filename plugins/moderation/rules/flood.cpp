#include "flood.hpp"

#include <algorithm>
#include <string>

namespace chatd::moderation {

namespace {

using Clock = FloodControl::Clock;

Clock::duration seconds_as_duration(double seconds) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

} // namespace

std::optional<std::chrono::milliseconds> FloodControl::take(std::string_view scope,
                                                            std::string_view user,
                                                            const FloodLimits &limits,
                                                            Clock::time_point now) {
    if (!(limits.rate_per_s > 0)) return std::nullopt;
    // One token's worth of time, and how far ahead of now the bucket's
    // full-again time may run before a token is missing: (burst - 1) tokens.
    const Clock::duration per_token =
        std::max(Clock::duration{1}, seconds_as_duration(1.0 / limits.rate_per_s));
    const Clock::duration slack =
        seconds_as_duration((std::max(limits.burst, 1.0) - 1.0) / limits.rate_per_s);

    const std::string key = user_key(scope, user);
    auto *bucket = buckets_.find(key, now);
    const Clock::time_point full_at = bucket ? bucket->expires : now;
    const Clock::time_point earliest = full_at - slack;
    if (earliest > now) return wait_of(earliest - now);
    buckets_.find_or_add(key, now).expires = full_at + per_token;
    return std::nullopt;
}

std::size_t FloodControl::prune(Clock::time_point now) { return buckets_.prune(now); }

std::size_t FloodControl::tracked() const { return buckets_.size(); }

} // namespace chatd::moderation
