// The frames moderation sends: the event a room sees, the answer a
// moderator gets, and the lists of sanctions and audit entries.
#pragma once

#include "audit_entry.hpp"
#include "command.hpp"
#include "sanctions.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace chatd::moderation {

// {"type":"moderation","action","room","user","by","reason","duration_s"}:
// room left out when server-wide, reason and duration_s when none.
std::string event(const Command &command, const std::string &by);
// The same fields, typed "moderated": the moderator's answer.
std::string done(const Command &command, const std::string &by);
// {"type":"bans","sanctions":[...]} with Unix-ms times (expires_ms 0:
// permanent).
std::string sanction_list(const std::vector<Sanction> &sanctions);
// {"type":"audit","entries":[...]} newest first, "before" the id to page on
// when there may be more.
std::string audit_list(const std::vector<AuditEntry> &entries, bool more);
// The reason a muted or banned user is given: "you are muted in room R
// (until ...): reason".
std::string refusal_text(const Sanction &sanction);

} // namespace chatd::moderation
