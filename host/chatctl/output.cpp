#include "chatctl/output.hpp"

#include "core/timestamp.hpp"
#include "store/message_event.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace chatd::chatctl {

namespace {

using Json = nlohmann::ordered_json;

std::string escape(const char *format, unsigned value) {
    char buf[8];
    std::snprintf(buf, sizeof buf, format, value);
    return buf;
}

// The length of the UTF-8 sequence starting at text[at] and its code point,
// or 0 when the bytes there are not UTF-8 (overlong forms and surrogates
// included).
size_t utf8_at(std::string_view text, size_t at, char32_t &code_point) {
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[at + i]); };
    const unsigned lead = byte(0);
    size_t length = 0;
    char32_t min = 0;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    if ((lead & 0xe0) == 0xc0) {
        length = 2, code_point = lead & 0x1f, min = 0x80;
    } else if ((lead & 0xf0) == 0xe0) {
        length = 3, code_point = lead & 0x0f, min = 0x800;
    } else if ((lead & 0xf8) == 0xf0) {
        length = 4, code_point = lead & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    for (size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xc0) != 0x80) return 0;
        code_point = (code_point << 6) | (byte(i) & 0x3f);
    }
    if (code_point < min || code_point > 0x10ffff || (code_point >= 0xd800 && code_point < 0xe000))
        return 0;
    return length;
}

// Code points, which is how wide a one_line() text shows in most terminals.
size_t width(std::string_view text) {
    size_t n = 0;
    for (char c : text)
        n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
    return n;
}

} // namespace

std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t at = 0; at < text.size();) {
        char32_t c = 0;
        const size_t length = utf8_at(text, at, c);
        if (length == 0) {
            out += escape("\\x%02x", static_cast<unsigned char>(text[at++]));
            continue;
        }
        if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c == '\\')
            out += "\\\\";
        else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029)
            out += escape("\\u%04x", static_cast<unsigned>(c));
        else
            out.append(text.substr(at, length));
        at += length;
    }
    return out;
}

std::string message_json(const std::string &room, const history::StoredMessage &message) {
    return history::json_text(history::message_event(room, message));
}

std::string room_json(const history::RoomSummary &room) {
    Json out;
    out["room"] = room.head.room;
    out["messages"] = room.messages;
    out["last_seq"] = room.head.last_seq;
    out["last_ts"] = rfc3339_ms(room.head.last_ts_ms);
    out["epoch"] = room.head.epoch;
    return history::json_text(out);
}

std::string account_json(const auth::Account &account) {
    Json out;
    out["name"] = account.name;
    out["roles"] = account.roles;
    out["created"] = rfc3339_ms(account.created_ms);
    return history::json_text(out);
}

std::string table(const std::vector<std::vector<std::string>> &rows, std::span<const Align> align) {
    std::vector<size_t> widths(align.size(), 0);
    for (const auto &row : rows)
        for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], width(row[i]));
    std::string out;
    for (const auto &row : rows) {
        for (size_t i = 0; i < row.size(); ++i) {
            const bool last = i + 1 == row.size();
            const std::string pad(i < widths.size() ? widths[i] - width(row[i]) : 0, ' ');
            if (i < align.size() && align[i] == Align::Right) out += pad;
            out += row[i];
            if (!last && (i >= align.size() || align[i] == Align::Left)) out += pad;
            out += last ? "\n" : "  ";
        }
    }
    return out;
}

std::vector<std::string> message_row(const history::StoredMessage &message) {
    // A tombstone's row stays where the message was, as the clients see it.
    return {std::to_string(message.seq), rfc3339_ms(message.ts_ms), one_line(message.from),
            message.deleted ? std::string(kDeletedText) : one_line(message.text)};
}

std::vector<std::string> room_row(const history::RoomSummary &room) {
    return {one_line(room.head.room), std::to_string(room.messages),
            std::to_string(room.head.last_seq), rfc3339_ms(room.head.last_ts_ms),
            one_line(room.head.epoch)};
}

std::vector<std::string> account_row(const auth::Account &account) {
    std::string roles;
    for (const std::string &role : account.roles)
        roles += (roles.empty() ? "" : ",") + role;
    return {account.name, roles.empty() ? "-" : roles, rfc3339_ms(account.created_ms)};
}

int fail(const std::string &message, int code) {
    std::fprintf(stderr, "chatctl: %s%s\n", message.c_str(),
                 code == kUsageError ? " (see chatctl --help)" : "");
    return code;
}

std::string more_hint(const history::Query &query, const history::Page &page) {
    using history::Anchor;
    if (!page.more || page.messages.empty()) return {};
    const std::string first = std::to_string(page.messages.front().seq);
    const std::string last = std::to_string(page.messages.back().seq);
    switch (query.anchor) {
    case Anchor::Latest:
    case Anchor::Before:
    case Anchor::BeforeTime: return "(more: use --before " + first + ")";
    case Anchor::After:
    case Anchor::AfterTime: return "(more: use --after " + last + ")";
    case Anchor::Between:
        return "(more: use --between " + std::to_string(page.messages.back().seq + 1) + " " +
               std::to_string(query.seq_last) + ")";
    case Anchor::Around: break;
    }
    return "(more: use --before " + first + " or --after " + last + ")";
}

} // namespace chatd::chatctl
