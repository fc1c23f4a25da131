#include "chatctl/moderation_output.hpp"

#include "chatctl/output.hpp"
#include "core/timestamp.hpp"
#include "store/message_event.hpp"

#include <nlohmann/json.hpp>

namespace chatd::chatctl {

namespace {

using Json = nlohmann::ordered_json;

std::string room_cell(const std::string &room) {
    return room.empty() ? std::string(kServerWide) : one_line(room);
}

std::string or_dash(const std::string &text) { return text.empty() ? "-" : one_line(text); }

Json room_value(const std::string &room) { return room.empty() ? Json(nullptr) : Json(room); }

} // namespace

std::vector<std::string> sanction_row(const moderation::Sanction &sanction) {
    return {std::string(moderation::kind_name(sanction.kind)),
            room_cell(sanction.room),
            one_line(sanction.user),
            one_line(sanction.by),
            or_dash(sanction.reason),
            sanction.expires_ms == 0 ? "never" : rfc3339_ms(sanction.expires_ms)};
}

std::string sanction_json(const moderation::Sanction &sanction) {
    Json out;
    out["kind"] = moderation::kind_name(sanction.kind);
    out["room"] = room_value(sanction.room);
    out["user"] = sanction.user;
    out["by"] = sanction.by;
    out["reason"] = sanction.reason;
    out["created"] = rfc3339_ms(sanction.created_ms);
    out["expires"] =
        sanction.expires_ms == 0 ? Json(nullptr) : Json(rfc3339_ms(sanction.expires_ms));
    return history::json_text(out);
}

std::vector<std::string> audit_row(const moderation::AuditEntry &entry) {
    return {
        std::to_string(entry.id), rfc3339_ms(entry.at_ms),
        one_line(entry.by),       one_line(entry.action),
        one_line(entry.user),     room_cell(entry.room),
        or_dash(entry.reason),    entry.duration_s == 0 ? "-" : std::to_string(entry.duration_s)};
}

std::string audit_json(const moderation::AuditEntry &entry) {
    Json out;
    out["id"] = entry.id;
    out["time"] = rfc3339_ms(entry.at_ms);
    out["by"] = entry.by;
    out["action"] = entry.action;
    out["user"] = entry.user;
    out["room"] = room_value(entry.room);
    out["reason"] = entry.reason;
    out["duration_s"] = entry.duration_s;
    return history::json_text(out);
}

} // namespace chatd::chatctl
