#include "retention_config.hpp"

#include "room_entry.hpp"

#include <charconv>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace chatd::history {

namespace {

// A key's value: a whole decimal number from 0 to max.
int64_t bound_of(const std::string &key, std::string_view text, int64_t max) {
    int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value < 0 ||
        value > max)
        throw std::invalid_argument(key + " must be a whole number from 0 to " +
                                    std::to_string(max));
    return value;
}

// One entry, over the global retention; throws a message without the entry.
std::pair<std::string, Retention> parse_entry(const std::string &entry, Retention keep) {
    plugins::RoomEntry parsed = plugins::parse_room_entry(entry, "max_age_s or max_messages");
    for (const auto &[key, value] : parsed.settings) {
        const std::string_view text = value ? std::string_view(*value) : std::string_view{};
        if (key == "max_age_s")
            keep.max_age_ms = bound_of(key, text, kMaxAgeSecondsLimit) * 1000;
        else if (key == "max_messages")
            keep.max_messages = static_cast<uint64_t>(bound_of(key, text, kMaxMessagesLimit));
        else
            throw std::invalid_argument("'" + key + (value ? "=" + *value : "") +
                                        "' is not max_age_s=SECONDS or max_messages=COUNT");
    }
    return {std::move(parsed.room), keep};
}

} // namespace

RetentionPolicy retention_policy(int64_t max_age_s, int64_t max_messages,
                                 const std::vector<std::string> &room_entries) {
    RetentionPolicy policy{.all = {.max_age_ms = max_age_s * 1000,
                                   .max_messages = static_cast<uint64_t>(max_messages)}};
    for (const std::string &entry : room_entries) {
        try {
            auto [room, keep] = parse_entry(entry, policy.all);
            if (!policy.rooms.emplace(room, keep).second)
                throw std::invalid_argument("room " + room + " has an entry already");
        } catch (const std::invalid_argument &e) {
            throw std::invalid_argument("room_retention entry \"" + entry + "\": " + e.what());
        }
    }
    return policy;
}

} // namespace chatd::history
