#include "slow_mode.hpp"

#include <string>

namespace chatd::moderation {

std::optional<std::chrono::milliseconds> SlowMode::take(std::string_view room,
                                                        std::string_view user,
                                                        std::chrono::seconds interval,
                                                        Clock::time_point now) {
    if (interval <= std::chrono::seconds::zero()) return std::nullopt;
    const std::string key = user_key(room, user);
    if (const auto *waiting = next_allowed_.find(key, now)) return wait_of(waiting->expires - now);
    next_allowed_.find_or_add(key, now).expires = now + interval;
    return std::nullopt;
}

std::size_t SlowMode::prune(Clock::time_point now) { return next_allowed_.prune(now); }

std::size_t SlowMode::tracked() const { return next_allowed_.size(); }

} // namespace chatd::moderation
