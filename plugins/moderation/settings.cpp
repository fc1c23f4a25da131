#include "settings.hpp"

namespace chatd::moderation {

Settings load_settings(const chatd::Host &host) {
    return {.database = host.config_string("database"),
            .reload_interval = std::chrono::milliseconds(host.config_int("reload_interval_ms"))};
}

} // namespace chatd::moderation
