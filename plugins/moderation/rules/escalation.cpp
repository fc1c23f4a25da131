#include "escalation.hpp"

#include <algorithm>
#include <string>

namespace chatd::moderation {

std::optional<std::chrono::seconds> Escalation::violation(std::string_view user,
                                                          const EscalationLimits &limits,
                                                          Clock::time_point now) {
    if (limits.strikes <= 0) return std::nullopt;
    const std::string key = user_key("", user);
    auto &entry = users_.find_or_add(key, now);
    std::vector<Clock::time_point> &times = entry.value;
    std::erase_if(times, [&](Clock::time_point at) { return now - at >= limits.window; });
    times.push_back(now);
    if (times.size() >= static_cast<std::size_t>(limits.strikes)) {
        users_.erase(key);
        return limits.mute;
    }
    entry.expires = now + limits.window;
    return std::nullopt;
}

void Escalation::forgive(std::string_view user) { users_.erase(user_key("", user)); }

std::size_t Escalation::prune(Clock::time_point now) { return users_.prune(now); }

std::size_t Escalation::tracked() const { return users_.size(); }

} // namespace chatd::moderation
