#include "retention_config.hpp"

#include "room_names.hpp"

#include <charconv>
#include <sstream>
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
    std::istringstream words(entry);
    std::string room;
    words >> room;
    if (room.empty() || room.find('=') != std::string::npos)
        throw std::invalid_argument("it must begin with the room's name");
    if (!plugins::is_valid_room_name(room)) throw std::invalid_argument(plugins::room_name_rule());
    bool age = false;
    bool count = false;
    for (std::string word; words >> word;) {
        const size_t eq = word.find('=');
        const std::string key = word.substr(0, eq);
        const std::string_view value =
            eq == std::string::npos ? std::string_view{} : std::string_view(word).substr(eq + 1);
        const auto once = [&key](bool &seen) {
            if (std::exchange(seen, true)) throw std::invalid_argument(key + " is given twice");
        };
        if (key == "max_age_s") {
            once(age);
            keep.max_age_ms = bound_of(key, value, kMaxAgeSecondsLimit) * 1000;
        } else if (key == "max_messages") {
            once(count);
            keep.max_messages = static_cast<uint64_t>(bound_of(key, value, kMaxMessagesLimit));
        } else {
            throw std::invalid_argument("'" + word +
                                        "' is not max_age_s=SECONDS or max_messages=COUNT");
        }
    }
    if (!age && !count) throw std::invalid_argument("it names no max_age_s or max_messages");
    return {room, keep};
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
