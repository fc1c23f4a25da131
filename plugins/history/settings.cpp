#include "settings.hpp"

#include <stdexcept>

namespace chatd::history {

const std::array<chatd_config_option, 4> kOptions = {
    chatd::path_option("database", "chatd-history.db",
                       "the SQLite file that holds history; relative to the config file"),
    chatd::string_option("synchronous", "full",
                         "full: a message is acked once it survives a power cut; normal: once it "
                         "survives chatd being killed (faster)"),
    chatd::int_option("max_pending", 65536, 1, 1 << 24,
                      "messages accepted but not yet stored; more are refused with 'busy'"),
    chatd::int_option("busy_timeout_ms", 5000, 0, 600000,
                      "how long a write waits for a lock another process holds on the file"),
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
    return Settings{
        .database = host.config_string("database"),
        .synchronous = synchronous_of(host.config_string("synchronous")),
        .max_pending = static_cast<size_t>(host.config_int("max_pending")),
        .busy_timeout = std::chrono::milliseconds(host.config_int("busy_timeout_ms")),
    };
}

} // namespace chatd::history
