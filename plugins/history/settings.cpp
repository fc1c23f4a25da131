#include "settings.hpp"

#include "retention_config.hpp"

#include <stdexcept>

namespace chatd::history {

const std::array<chatd_config_option, 13> kOptions = {
    chatd::path_option("database", "chatd-history.db",
                       "the SQLite file that holds history; relative to the config file"),
    chatd::string_option("synchronous", "full",
                         "full: a message is acked once it survives a power cut; normal: once it "
                         "survives chatd being killed (faster)"),
    chatd::int_option("max_pending", 65536, 1, 1 << 24,
                      "messages accepted but not yet stored; more are refused with 'busy'"),
    chatd::int_option("busy_timeout_ms", 5000, 0, 600000,
                      "how long a write waits for a lock another process holds on the file"),
    chatd::int_option("default_limit", 50, 1, 10000,
                      "messages in a history answer whose request names no limit"),
    chatd::int_option("max_limit", 500, 1, 10000, "largest limit a history request may ask for"),
    chatd::strings_option("read_roles",
                          "roles that may read every room's history; members read their rooms'"),
    chatd::bool_option("http", true,
                       "serve GET /api/v1/rooms/{room}/messages; anyone can read every room "
                       "through it until an auth plugin checks who asks"),
    chatd::int_option("max_age_s", 0, 0, kMaxAgeSecondsLimit,
                      "messages older than this many seconds are deleted; 0 keeps them forever"),
    chatd::int_option("max_messages", 0, 0, kMaxMessagesLimit,
                      "each room keeps only its newest this many messages; 0 keeps them all"),
    chatd::strings_option("room_retention",
                          "a room's own bounds, e.g. \"support max_age_s=604800 "
                          "max_messages=10000\"; a bound left out is the global one"),
    chatd::int_option("retention_interval_s", 60, 1, 86400,
                      "seconds between the starts of two retention passes"),
    chatd::int_option("index_lag_max", 1000000, 0, int64_t{1} << 40,
                      "messages search may fall behind while appends come faster than they can "
                      "be indexed; past it indexing takes turns with appends; 0: never behind"),
};

namespace {

storage::Synchronous synchronous_of(const std::string &value) {
    if (value == "full") return storage::Synchronous::Full;
    if (value == "normal") return storage::Synchronous::Normal;
    throw std::invalid_argument("synchronous must be \"full\" or \"normal\", not \"" + value +
                                "\"");
}

} // namespace

Settings load_settings(const chatd::Host &host) {
    Settings s{
        .database = host.config_string("database"),
        .synchronous = synchronous_of(host.config_string("synchronous")),
        .max_pending = static_cast<size_t>(host.config_int("max_pending")),
        .busy_timeout = std::chrono::milliseconds(host.config_int("busy_timeout_ms")),
        .default_limit = static_cast<size_t>(host.config_int("default_limit")),
        .max_limit = static_cast<size_t>(host.config_int("max_limit")),
        .read_roles = host.config_strings("read_roles"),
        .http = host.config_bool("http"),
        .retention = retention_policy(host.config_int("max_age_s"), host.config_int("max_messages"),
                                      host.config_strings("room_retention")),
        .retention_interval = std::chrono::seconds(host.config_int("retention_interval_s")),
        .index_lag_max = static_cast<uint64_t>(host.config_int("index_lag_max")),
    };
    if (s.default_limit > s.max_limit)
        throw std::invalid_argument("default_limit " + std::to_string(s.default_limit) +
                                    " is over max_limit " + std::to_string(s.max_limit));
    return s;
}

} // namespace chatd::history
