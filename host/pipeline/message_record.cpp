#include "pipeline/message_record.hpp"

#include "core/timestamp.hpp"

#include <array>

namespace chatd::pipeline {

const std::string &string_field(const nlohmann::json &body, const char *key) {
    static const std::string empty;
    auto it = body.find(key);
    return it != body.end() && it->is_string() ? it->get_ref<const std::string &>() : empty;
}

bool is_message_key(std::string_view key) {
    static constexpr std::array<std::string_view, 7> keys = {"type", "id",   "room", "seq",
                                                             "from", "text", "ts"};
    for (std::string_view k : keys)
        if (k == key) return true;
    return false;
}

std::string message_json(const chatd_frame &frame, std::string_view from) {
    const MessageState &m = frame.message;
    if (!m.committed_json.empty()) return m.committed_json;
    OutJson out;
    out["type"] = "message";
    out["room"] = string_field(frame.body, "room");
    if (m.seq) out["seq"] = m.seq;
    out["from"] = from;
    out["text"] = string_field(frame.body, "text");
    if (m.seq) out["ts"] = rfc3339_ms(m.ts_ms);
    for (const auto &[key, value] : m.extra.items())
        out[key] = value;
    return to_text(out);
}

void commit_message(chatd_frame &frame, std::string_view from, uint64_t seq, int64_t ts_ms) {
    frame.message.committed_json.clear();
    frame.message.seq = seq;
    frame.message.ts_ms = ts_ms;
    frame.message.committed_json = message_json(frame, from);
}

} // namespace chatd::pipeline
