#include "settings.hpp"

#include "room_names.hpp"

#include <stdexcept>

namespace chatd::rooms {

namespace {

// The host enforces the declared bounds, none of them negative, so the cast
// cannot wrap.
std::size_t config_size(const chatd::Host &host, const char *key) {
    return static_cast<std::size_t>(host.config_int(key));
}

} // namespace

Settings load_settings(const chatd::Host &host) {
    Settings s{
        .default_room = host.config_string("default_room"),
        .max_rooms_per_connection = config_size(host, "max_rooms_per_connection"),
        .max_topic_bytes = config_size(host, "max_topic_bytes"),
        .max_text_bytes = config_size(host, "max_text_bytes"),
        .max_room_name_bytes = config_size(host, "max_room_name_bytes"),
        .default_limit = config_size(host, "default_limit"),
        .max_limit = config_size(host, "max_limit"),
        .database = host.config_string("database"),
        .max_topics = config_size(host, "max_topics"),
        .presence_tick_ms = config_size(host, "presence_tick_ms"),
        .presence_max_members = config_size(host, "presence_max_members"),
    };
    if (s.default_limit > s.max_limit)
        throw std::invalid_argument("default_limit " + std::to_string(s.default_limit) +
                                    " is over max_limit " + std::to_string(s.max_limit));
    if (!plugins::is_valid_room_name(s.default_room, s.max_room_name_bytes))
        throw std::invalid_argument(
            "default_room '" + s.default_room +
            "' is not a valid room name: " + plugins::room_name_rule(s.max_room_name_bytes));
    return s;
}

} // namespace chatd::rooms
