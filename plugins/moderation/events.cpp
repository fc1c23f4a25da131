#include "events.hpp"

#include "json_text.hpp"

#include <nlohmann/json.hpp>

#include <ctime>

namespace chatd::moderation {

namespace {

using Json = nlohmann::json;

Json fields(std::string_view type, const Command &command, const std::string &by) {
    Json out{{"type", type}, {"action", command.action}};
    if (!command.room.empty()) out["room"] = command.room;
    out["user"] = command.user;
    out["by"] = by;
    if (!command.reason.empty()) out["reason"] = command.reason;
    if (command.duration_s) out["duration_s"] = command.duration_s;
    return out;
}

// Invalid UTF-8 in a reason or name (from a client, or a file chatctl
// wrote) becomes U+FFFD rather than an exception.
std::string utc_time(int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

} // namespace

std::string event(const Command &command, const std::string &by) {
    return plugins::json_text(fields("moderation", command, by));
}

std::string done(const Command &command, const std::string &by) {
    return plugins::json_text(fields("moderated", command, by));
}

std::string sanction_list(const std::vector<Sanction> &sanctions) {
    Json list = Json::array();
    for (const Sanction &s : sanctions) {
        Json item{{"kind", kind_name(s.kind)}, {"user", s.user}, {"by", s.by}};
        if (!s.room.empty()) item["room"] = s.room;
        if (!s.reason.empty()) item["reason"] = s.reason;
        item["created_ms"] = s.created_ms;
        item["expires_ms"] = s.expires_ms;
        list.push_back(std::move(item));
    }
    return plugins::json_text<Json>({{"type", "bans"}, {"sanctions", std::move(list)}});
}

std::string audit_list(const std::vector<AuditEntry> &entries, bool more) {
    Json list = Json::array();
    for (const AuditEntry &e : entries) {
        Json item{
            {"id", e.id}, {"at_ms", e.at_ms}, {"by", e.by}, {"action", e.action}, {"user", e.user}};
        if (!e.room.empty()) item["room"] = e.room;
        if (!e.reason.empty()) item["reason"] = e.reason;
        if (e.duration_s) item["duration_s"] = e.duration_s;
        list.push_back(std::move(item));
    }
    Json out{{"type", "audit"}, {"entries", std::move(list)}};
    if (more && !entries.empty()) out["before"] = entries.back().id;
    return plugins::json_text(out);
}

std::string refusal_text(const Sanction &sanction) {
    std::string text = sanction.kind == Kind::Ban ? "you are banned from " : "you are muted in ";
    text += sanction.room.empty() ? "this server" : "room " + sanction.room;
    if (sanction.expires_ms) text += " until " + utc_time(sanction.expires_ms);
    if (!sanction.reason.empty()) text += ": " + sanction.reason;
    return text;
}

} // namespace chatd::moderation
