#include "protocol.hpp"

#include <charconv>

namespace chatd::bench {
namespace {

template <typename T> std::optional<T> to_number(std::string_view s) {
    T value{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return value;
}

} // namespace

std::optional<std::string_view> json_field(std::string_view frame, std::string_view key) {
    std::string needle;
    needle.reserve(key.size() + 3);
    needle.append("\"").append(key).append("\":");
    const auto at = frame.find(needle);
    if (at == std::string_view::npos) return std::nullopt;
    auto rest = frame.substr(at + needle.size());
    if (!rest.empty() && rest.front() == '"') {
        rest.remove_prefix(1);
        const auto end = rest.find('"');
        if (end == std::string_view::npos) return std::nullopt;
        return rest.substr(0, end);
    }
    const auto end = rest.find_first_of(",}");
    if (end == std::string_view::npos) return std::nullopt;
    return rest.substr(0, end);
}

Incoming classify(Protocol protocol, std::string_view frame) {
    Incoming in;
    if (protocol == Protocol::raw) {
        in.kind = FrameKind::message;
        in.text = frame;
        return in;
    }
    const auto type = json_field(frame, "type");
    if (!type) return in;
    if (*type == "message") {
        in.kind = FrameKind::message;
        in.text = json_field(frame, "text").value_or(std::string_view{});
        return in;
    }
    if (const auto id = json_field(frame, "id")) in.id = to_number<std::uint64_t>(*id);
    if (*type == "hello") {
        if (json_field(frame, "ready") == std::optional<std::string_view>("true"))
            in.kind = FrameKind::ready;
    } else if (*type == "joined") {
        in.kind = FrameKind::joined;
        in.room = json_field(frame, "room").value_or(std::string_view{});
    } else if (*type == "ack") {
        in.kind = FrameKind::ack;
    } else if (*type == "history") {
        in.kind = FrameKind::history;
    } else if (*type == "error") {
        in.kind = FrameKind::error;
    }
    return in;
}

std::string join_frame(std::string_view room) {
    std::string out = R"({"type":"join","room":")";
    out.append(room).append("\"}");
    return out;
}

std::string message_frame(Protocol protocol, std::string_view room, std::string_view text,
                          std::optional<std::uint64_t> id) {
    if (protocol == Protocol::raw) return std::string(text);
    std::string out = R"({"type":"message","room":")";
    out.append(room).append(R"(","text":")").append(text).append("\"");
    if (id) out.append(R"(,"id":)").append(std::to_string(*id));
    out.append("}");
    return out;
}

std::string history_latest_frame(std::string_view room, unsigned limit, std::uint64_t id) {
    std::string out = R"({"type":"history","room":")";
    out.append(room).append(R"(","latest":true,"limit":)").append(std::to_string(limit));
    out.append(R"(,"id":)").append(std::to_string(id)).append("}");
    return out;
}

std::string make_text(std::uint32_t sender, std::uint64_t seq, std::int64_t sent_ns,
                      std::size_t size) {
    std::string out = std::to_string(sender);
    out.append(" ").append(std::to_string(seq)).append(" ").append(std::to_string(sent_ns));
    out.append(" ");
    if (out.size() < size) out.append(size - out.size(), 'x');
    return out;
}

std::optional<TextStamp> parse_text(std::string_view text) {
    TextStamp stamp;
    std::string_view fields[3];
    for (auto &field : fields) {
        const auto space = text.find(' ');
        if (space == std::string_view::npos) return std::nullopt;
        field = text.substr(0, space);
        text.remove_prefix(space + 1);
    }
    const auto sender = to_number<std::uint32_t>(fields[0]);
    const auto seq = to_number<std::uint64_t>(fields[1]);
    const auto ns = to_number<std::int64_t>(fields[2]);
    if (!sender || !seq || !ns) return std::nullopt;
    return TextStamp{*sender, *seq, *ns};
}

} // namespace chatd::bench
