#include "http/url_decoding.hpp"

namespace chatd::http {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const int high = c == '%' && i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
        const int low = high < 0 ? -1 : hex_value(text[i + 2]);
        if (low >= 0) {
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += c == '+' && plus_is_space ? ' ' : c;
        }
    }
    return out;
}

} // namespace

std::string percent_decode(std::string_view text) { return decode(text, false); }

QueryParams parse_query(std::string_view query) {
    QueryParams params;
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view piece = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (piece.empty()) continue;
        const size_t eq = piece.find('=');
        const std::string_view value =
            eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1);
        params.emplace_back(decode(piece.substr(0, eq), true), decode(value, true));
    }
    return params;
}

std::string join_query(const QueryParams &params) {
    std::string query;
    for (const auto &[name, value] : params)
        query += (query.empty() ? "" : "&") + name + "=" + value;
    return query;
}

} // namespace chatd::http
