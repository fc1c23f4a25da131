#include "room_limits.hpp"

#include "room_entry.hpp"

#include <charconv>
#include <stdexcept>
#include <utility>

namespace chatd::moderation {

namespace {

// A key's value: a number from min to max, whole unless `decimal`.
double number_of(const std::string &key, const std::optional<std::string> &value, double min,
                 double max, bool decimal) {
    const std::string_view text = value ? std::string_view(*value) : std::string_view{};
    double number = 0;
    const auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), number, std::chars_format::fixed);
    // Not !(number < min || ...): the comparisons must refuse NaN too.
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() ||
        !(number >= min && number <= max) ||
        (!decimal && text.find_first_not_of("0123456789") != std::string_view::npos))
        throw std::invalid_argument(key + " must be " + (decimal ? "a number" : "a whole number") +
                                    " from " + std::to_string(static_cast<long long>(min)) +
                                    " to " + std::to_string(static_cast<long long>(max)));
    return number;
}

} // namespace

RoomLimits::RoomLimits(Limits everywhere, const std::vector<std::string> &room_entries)
    : everywhere_(everywhere) {
    for (const std::string &entry : room_entries) {
        try {
            plugins::RoomEntry parsed = plugins::parse_room_entry(
                entry, "rate, burst, slow_s, max_chars, repeat_s, filter, strikes or mute_s");
            Room room{everywhere_, false};
            for (const auto &[key, value] : parsed.settings) {
                if (key == "rate") {
                    room.limits.flood.rate_per_s =
                        number_of(key, value, 0, kMaxRatePerSecond, true);
                    room.own_flood = true;
                } else if (key == "burst") {
                    room.limits.flood.burst = number_of(key, value, 1, kMaxBurst, false);
                    room.own_flood = true;
                } else if (key == "slow_s") {
                    room.limits.slow = std::chrono::seconds(
                        static_cast<long long>(number_of(key, value, 0, kMaxSlowSeconds, false)));
                } else if (key == "max_chars") {
                    room.limits.max_chars = static_cast<std::size_t>(
                        number_of(key, value, 0, static_cast<double>(kMaxChars), false));
                } else if (key == "repeat_s") {
                    room.limits.repeat_window = std::chrono::seconds(
                        static_cast<long long>(number_of(key, value, 0, kMaxSlowSeconds, false)));
                } else if (key == "strikes") {
                    room.limits.escalation.strikes =
                        static_cast<int>(number_of(key, value, 0, kMaxStrikes, false));
                } else if (key == "mute_s") {
                    room.limits.escalation.mute = std::chrono::seconds(
                        static_cast<long long>(number_of(key, value, 1, kMaxMuteSeconds, false)));
                } else if (key == "filter" && value && (*value == "on" || *value == "off")) {
                    room.limits.filter = *value == "on";
                } else {
                    throw std::invalid_argument("'" + key + (value ? "=" + *value : "") +
                                                "' is not rate=, burst=, slow_s=, max_chars=, "
                                                "repeat_s=, filter=on|off, strikes= or mute_s=");
                }
            }
            if (!rooms_.emplace(parsed.room, room).second)
                throw std::invalid_argument("room " + parsed.room + " has an entry already");
        } catch (const std::invalid_argument &e) {
            throw std::invalid_argument("room_limits entry \"" + entry + "\": " + e.what());
        }
    }
}

const Limits &RoomLimits::for_room(std::string_view room) const {
    const auto it = rooms_.find(room);
    return it == rooms_.end() ? everywhere_ : it->second.limits;
}

std::string_view RoomLimits::flood_scope(std::string_view room) const {
    const auto it = rooms_.find(room);
    return it != rooms_.end() && it->second.own_flood ? std::string_view(it->first)
                                                      : std::string_view{};
}

} // namespace chatd::moderation
