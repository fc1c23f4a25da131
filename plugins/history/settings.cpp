#include "settings.hpp"

#include <stdexcept>

namespace chatd::history {

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
        .delete_roles = host.config_strings("delete_roles"),
        .http = host.config_bool("http"),
        .retention = retention_policy(host.config_int("max_age_s"), host.config_int("max_messages"),
                                      host.config_strings("room_retention")),
        .retention_interval = std::chrono::seconds(host.config_int("retention_interval_s")),
        .index_lag_max = static_cast<uint64_t>(host.config_int("index_lag_max")),
    };
    if (s.delete_roles.empty()) s.delete_roles = kDefaultDeleteRoles;
    if (s.default_limit > s.max_limit)
        throw std::invalid_argument("default_limit " + std::to_string(s.default_limit) +
                                    " is over max_limit " + std::to_string(s.max_limit));
    return s;
}

} // namespace chatd::history
