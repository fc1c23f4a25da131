#include "message_event.hpp"

#include "core/timestamp.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace chatd::history {

namespace {

// The fields chatd writes itself; an extra field never replaces one.
constexpr std::array<std::string_view, 7> kMessageKeys = {"type", "id",   "room", "seq",
                                                          "from", "text", "ts"};

} // namespace

nlohmann::ordered_json message_event(const std::string &room, const StoredMessage &message) {
    using Json = nlohmann::ordered_json;
    Json out;
    out["type"] = "message";
    out["room"] = room;
    out["seq"] = message.seq;
    out["from"] = message.from;
    if (!message.deleted) out["text"] = message.text;
    out["ts"] = rfc3339_ms(message.ts_ms);
    // A tombstone says only where the message was and whose it was.
    if (message.deleted) {
        out["deleted"] = true;
        return out;
    }
    // The host stores only a JSON object of fields it let a stage add; any
    // other text cannot have come from it and is left out.
    const Json extra = Json::parse(message.extra_json, nullptr, false);
    if (extra.is_object())
        for (const auto &[key, value] : extra.items())
            if (std::find(kMessageKeys.begin(), kMessageKeys.end(), key) == kMessageKeys.end())
                out[key] = value;
    return out;
}

nlohmann::ordered_json deletion_entry(const DeletionRecord &deletion) {
    nlohmann::ordered_json entry = {{"at_ms", deletion.deleted_ms}, {"by", deletion.by},
                                    {"action", "delete"},           {"user", deletion.author},
                                    {"room", deletion.room},        {"seq", deletion.seq}};
    if (deletion.reason) entry["reason"] = *deletion.reason;
    return entry;
}

} // namespace chatd::history
