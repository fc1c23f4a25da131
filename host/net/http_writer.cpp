#include "net/http_writer.hpp"

#include "transport/http_names.hpp"

#include <algorithm>
#include <cstring>
#include <spdlog/spdlog.h>
#include <string>
#include <vector>

namespace chatd::net {

using transport::equals_ignoring_case;
namespace {

// Room for the status line and the headers libwebsockets adds itself.
constexpr size_t kHeadSlack = 512;

// Framing belongs to the server: a responder's value would contradict it.
bool is_framing(std::string_view name) {
    return equals_ignoring_case(name, "content-length") ||
           equals_ignoring_case(name, "transfer-encoding") ||
           equals_ignoring_case(name, "connection");
}

// A header that could not end the line or inject another one.
bool is_safe(std::string_view name, std::string_view value) {
    return transport::is_token(name) &&
           value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool write_raw(lws *wsi, std::string_view bytes, lws_write_protocol kind) {
    // lws_write may use LWS_PRE bytes in front of the data for its own framing.
    std::vector<unsigned char> buffer(LWS_PRE + bytes.size());
    std::memcpy(buffer.data() + LWS_PRE, bytes.data(), bytes.size());
    return lws_write(wsi, buffer.data() + LWS_PRE, bytes.size(), kind) ==
           static_cast<int>(bytes.size());
}

} // namespace

bool write_http_head(lws *wsi, const HttpHead &head) {
    std::vector<const std::pair<std::string, std::string> *> extra;
    const std::string *content_type = nullptr;
    size_t size = LWS_PRE + kHeadSlack;
    for (const auto &header : head.headers) {
        const auto &[name, value] = header;
        if (is_framing(name)) continue;
        if (!is_safe(name, value)) {
            spdlog::warn("http: dropped response header '{}': not a valid header", name);
            continue;
        }
        size += name.size() + value.size() + 4;
        if (equals_ignoring_case(name, "content-type"))
            content_type = &value;
        else
            extra.push_back(&header);
    }
    std::vector<unsigned char> buffer(size);
    unsigned char *start = buffer.data() + LWS_PRE, *p = start, *end = buffer.data() + size;
    if (lws_add_http_common_headers(
            wsi, head.status, content_type ? content_type->c_str() : nullptr,
            head.content_length.value_or(LWS_ILLEGAL_HTTP_CONTENT_LEN), &p, end))
        return false;
    for (const auto *header : extra) {
        const std::string key = header->first + ":";
        const std::string &value = header->second;
        if (lws_add_http_header_by_name(wsi, reinterpret_cast<const unsigned char *>(key.c_str()),
                                        reinterpret_cast<const unsigned char *>(value.data()),
                                        static_cast<int>(value.size()), &p, end))
            return false;
    }
    return lws_finalize_write_http_header(wsi, start, &p, end) == 0;
}

bool write_http_body(lws *wsi, std::string_view piece, bool last) {
    return write_raw(wsi, piece, last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP);
}

bool write_http_continue(lws *wsi) {
    return write_raw(wsi, "HTTP/1.1 100 Continue\r\n\r\n", LWS_WRITE_HTTP_HEADERS);
}

} // namespace chatd::net
