#include "settings.hpp"

#include <stdexcept>

namespace chatd::moderation {

namespace {

Limits global_limits(const chatd::Host &host) {
    const double rate = host.config_double("rate_per_s");
    if (!(rate >= 0 && rate <= kMaxRatePerSecond))
        throw std::invalid_argument("rate_per_s must be from 0 to " +
                                    std::to_string(static_cast<int>(kMaxRatePerSecond)));
    return {.flood = {.rate_per_s = rate, .burst = static_cast<double>(host.config_int("burst"))},
            .slow = std::chrono::seconds(host.config_int("slow_mode_s")),
            .max_chars = static_cast<std::size_t>(host.config_int("max_chars")),
            .repeat_window = std::chrono::seconds(host.config_int("repeat_window_s")),
            .escalation = {.strikes = static_cast<int>(host.config_int("escalation_strikes")),
                           .window = std::chrono::seconds(host.config_int("escalation_window_s")),
                           .mute = std::chrono::seconds(host.config_int("escalation_mute_s"))}};
}

} // namespace

Settings load_settings(const chatd::Host &host) {
    return {
        .database = host.config_string("database"),
        .reload_interval = std::chrono::milliseconds(host.config_int("reload_interval_ms")),
        .limits = {.limits = RoomLimits(global_limits(host), host.config_strings("room_limits")),
                   .filter = WordFilter(host.config_strings("word_filter"))}};
}

} // namespace chatd::moderation
