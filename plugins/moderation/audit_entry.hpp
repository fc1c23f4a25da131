// One line of the audit log, as the store keeps it and the plugin and
// chatctl show it.
#pragma once

#include <cstdint>
#include <string>

namespace chatd::moderation {

// One moderation action or automatic escalation, as the audit log keeps it.
struct AuditEntry {
    int64_t id = 0;       // assigned when stored; increasing
    int64_t at_ms = 0;    // Unix time
    std::string by{};     // a user, or "chatd" for what the limits did by themselves
    std::string action{}; // kick, ban, unban, mute, unmute or shadow_mute
    std::string user{};
    std::string room{}; // empty: server-wide
    std::string reason{};
    int64_t duration_s = 0; // 0: permanent, or no duration
};

} // namespace chatd::moderation
