#pragma once

#include "audit_entry.hpp"
#include "sanctions.hpp"

#include <string>
#include <vector>

namespace chatd::chatctl {

// How a server-wide sanction's room shows in a table: no room name can be
// it ('(' is no room-name byte).
inline constexpr std::string_view kServerWide = "(server)";

// KIND, ROOM, USER, BY, REASON ("-" for none), EXPIRES (RFC 3339 or "never").
std::vector<std::string> sanction_row(const moderation::Sanction &sanction);
// The same fields, room and expires null when server-wide and permanent.
std::string sanction_json(const moderation::Sanction &sanction);

// ID, TIME, BY, ACTION, USER, ROOM, REASON ("-" for none), DURATION
// (seconds, "-" for none).
std::vector<std::string> audit_row(const moderation::AuditEntry &entry);
std::string audit_json(const moderation::AuditEntry &entry);

} // namespace chatd::chatctl
