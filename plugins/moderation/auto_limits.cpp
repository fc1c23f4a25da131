#include "auto_limits.hpp"

#include "retry_after.hpp"
#include "rules/text_length.hpp"

#include <utility>

namespace chatd::moderation {

AutoLimits::Outcome AutoLimits::check(std::string_view room, std::string_view user,
                                      std::string_view text, Clock::time_point now) {
    const Limits &limits = options_.limits.for_room(room);
    // First, so the filter's work is bounded by it.
    if (limits.max_chars && characters(text) > limits.max_chars)
        return {.code = "too_large",
                .message = "messages in room " + std::string(room) + " are at most " +
                           std::to_string(limits.max_chars) + " characters"};
    FilterResult filtered = limits.filter ? options_.filter.apply(text) : FilterResult{};
    if (filtered.verdict == Verdict::Reject)
        return violation(user, limits,
                         {.code = "filtered", .message = "the message has a word not allowed here"},
                         now);
    if (const auto wait = slow_.take(room, user, limits.slow, now))
        return violation(user, limits,
                         {.code = "rate_limited",
                          .message = "slow mode: one message every " +
                                     std::to_string(limits.slow.count()) + " s; try again in " +
                                     plugins::wait_text(*wait),
                          .retry_after = *wait},
                         now);
    if (const auto wait = flood_.take(options_.limits.flood_scope(room), user, limits.flood, now))
        return violation(user, limits,
                         {.code = "rate_limited",
                          .message = "too many messages; try again in " + plugins::wait_text(*wait),
                          .retry_after = *wait},
                         now);
    if (limits.repeat_window.count() > 0 &&
        repeats_.repeated(user, text, limits.repeat_window, now))
        return violation(user, limits, {.code = "repeated", .message = "you just sent that"}, now);
    Outcome passed;
    if (filtered.verdict == Verdict::Mask) passed.masked = std::move(filtered.text);
    return passed;
}

AutoLimits::Outcome AutoLimits::violation(std::string_view user, const Limits &limits,
                                          Outcome outcome, Clock::time_point now) {
    outcome.mute = escalation_.violation(user, limits.escalation, now);
    return outcome;
}

void AutoLimits::prune(Clock::time_point now) {
    flood_.prune(now);
    slow_.prune(now);
    repeats_.prune(now);
    escalation_.prune(now);
}

} // namespace chatd::moderation
