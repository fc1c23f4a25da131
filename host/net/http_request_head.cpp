#include "net/http_request_head.hpp"

#include "transport/http_names.hpp"

#include <array>
#include <optional>
#include <string_view>

namespace chatd::net {

using transport::equals_ignoring_case;
using transport::find_header;
namespace {

struct Method {
    lws_token_indexes token;
    const char *name;
};

// libwebsockets stores the path under a token named for the method.
constexpr std::array<Method, 7> kMethods = {{
    {WSI_TOKEN_GET_URI, "GET"},
    {WSI_TOKEN_POST_URI, "POST"},
    {WSI_TOKEN_PUT_URI, "PUT"},
    {WSI_TOKEN_PATCH_URI, "PATCH"},
    {WSI_TOKEN_DELETE_URI, "DELETE"},
    {WSI_TOKEN_OPTIONS_URI, "OPTIONS"},
    {WSI_TOKEN_HEAD_URI, "HEAD"},
}};

// Escapes everything but RFC 3986's unreserved characters and `keep`.
std::string percent_encode(std::string_view text, std::string_view keep) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' ||
                           keep.find(c) != std::string_view::npos;
        if (plain) {
            out += c;
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        out += '%';
        out += hex[byte >> 4];
        out += hex[byte & 0xf];
    }
    return out;
}

std::string encoded_query(lws *wsi) {
    std::string query;
    for (const std::string &arg : query_fragments(wsi)) {
        if (!query.empty()) query += '&';
        const size_t eq = arg.find('=');
        query += percent_encode(std::string_view(arg).substr(0, eq), "");
        if (eq != std::string::npos)
            query += '=' + percent_encode(std::string_view(arg).substr(eq + 1), "");
    }
    return query;
}

void add_known_headers(lws *wsi, transport::HttpHeaders &headers) {
    for (int t = 0; t < WSI_TOKEN_COUNT; ++t) {
        const auto token = static_cast<lws_token_indexes>(t);
        const auto *text = reinterpret_cast<const char *>(lws_token_to_string(token));
        // Header tokens are "name:"; methods, the version and HTTP/2
        // pseudo-headers are tokens too but not headers.
        const std::string_view name = text ? text : "";
        if (name.size() < 2 || !name.ends_with(':') || name.starts_with(':')) continue;
        std::string value = header_value(wsi, token);
        if (!value.empty()) headers.emplace_back(name.substr(0, name.size() - 1), std::move(value));
    }
}

void add_custom_headers(lws *wsi, const std::vector<std::string> &names,
                        transport::HttpHeaders &headers) {
    for (const std::string &name : names) {
        const std::string key = name + ":";
        const int nlen = static_cast<int>(key.size());
        const int len = lws_hdr_custom_length(wsi, key.c_str(), nlen);
        if (len <= 0) continue;
        std::string value(static_cast<size_t>(len) + 1, '\0');
        const int n = lws_hdr_custom_copy(wsi, value.data(), len + 1, key.c_str(), nlen);
        if (n < 0) continue;
        value.resize(static_cast<size_t>(n));
        headers.emplace_back(name, std::move(value));
    }
}

std::optional<uint64_t> parse_length(std::string_view text) {
    // 19 digits always fit in 64 bits.
    if (text.empty() || text.size() > 19) return std::nullopt;
    uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    return value;
}

} // namespace

std::vector<std::string> query_fragments(lws *wsi) {
    std::vector<std::string> out;
    const int total = lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_URI_ARGS);
    if (total <= 0) return out;
    std::string buffer(static_cast<size_t>(total) + 1, '\0');
    for (int index = 0;; ++index) {
        const int n =
            lws_hdr_copy_fragment(wsi, buffer.data(), total + 1, WSI_TOKEN_HTTP_URI_ARGS, index);
        if (n < 0) return out;
        if (n > 0) out.emplace_back(buffer.data(), static_cast<size_t>(n));
    }
}

std::string header_value(lws *wsi, lws_token_indexes token) {
    int len = lws_hdr_total_length(wsi, token);
    if (len <= 0) return {};
    std::string out(static_cast<size_t>(len) + 1, '\0');
    int n = lws_hdr_copy(wsi, out.data(), len + 1, token);
    out.resize(n > 0 ? static_cast<size_t>(n) : 0);
    return out;
}

bool header_present(lws *wsi, lws_token_indexes token) {
    if (lws_hdr_total_length(wsi, token) > 0) return true;
    // An empty header has length 0 like a missing one; only a missing one has
    // no first fragment to copy.
    char empty = 0;
    return lws_hdr_copy_fragment(wsi, &empty, 1, token, 0) == 0;
}

transport::HttpRequest read_request(lws *wsi, const std::vector<std::string> &custom_headers) {
    transport::HttpRequest request;
    for (const Method &method : kMethods) {
        std::string path = header_value(wsi, method.token);
        if (path.empty()) continue;
        request.method = method.name;
        request.path = percent_encode(path, "/");
        break;
    }
    request.query = encoded_query(wsi);
    add_known_headers(wsi, request.headers);
    add_custom_headers(wsi, custom_headers, request.headers);
    char peer[64] = {0};
    lws_get_peer_simple(wsi, peer, sizeof peer);
    request.remote_address = peer;
    request.tls = lws_is_ssl(wsi) != 0;
    return request;
}

BodyPlan plan_body(const transport::HttpRequest &request, uint64_t max_body_bytes) {
    // libwebsockets 4.1.6 does not decode a chunked request body, and reads a
    // POST, PUT or PATCH without Content-Length as up to 100 MiB of body (so
    // the connection hangs until its timeout): only a declared length works.
    if (find_header(request.headers, "transfer-encoding")) return {.refusal = 411};
    const std::string *declared = find_header(request.headers, "content-length");
    if (!declared) {
        const auto &m = request.method;
        return {.refusal = m == "POST" || m == "PUT" || m == "PATCH" ? 411u : 0u};
    }
    const auto length = parse_length(*declared);
    if (!length) return {.refusal = 400};
    if (*length > max_body_bytes) return {.refusal = 413, .length = *length};
    const std::string *expect = find_header(request.headers, "expect");
    return {.length = *length,
            .expects_continue =
                *length > 0 && expect && equals_ignoring_case(*expect, "100-continue")};
}

} // namespace chatd::net
