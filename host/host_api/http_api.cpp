#include "host_api/http_api.hpp"

#include "host_api/abi_values.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/plugin.hpp"
#include "pipeline/request.hpp"
#include "transport/http_names.hpp"

#include <spdlog/spdlog.h>

// Requests (an upgrade's or a route's) are read on the thread of the hook
// that got them, so their accessors check no thread. Routes are registered
// inside on_init; answers come from any thread and reach the network through
// the pipeline's HttpRoutes, which checks the caller owns the request.

namespace chatd::host_api {

namespace {

using Pairs = chatd_request::Pairs;

template <class Container>
chatd_status find_value(const Container *pairs, const char *key, bool any_case,
                        chatd_str_view *out) {
    if (!key || !out) return CHATD_ERR_INVALID;
    if (!pairs) return CHATD_ERR_NOT_FOUND;
    for (const auto &[name, value] : *pairs)
        if (any_case ? transport::equals_ignoring_case(name, key) : name == key) {
            *out = view(value);
            return CHATD_OK;
        }
    return CHATD_ERR_NOT_FOUND;
}

// "a=1; b=2" as sent in a Cookie header; a malformed part is skipped.
Pairs parse_cookies(const Pairs &headers) {
    Pairs out;
    for (const auto &[name, value] : headers) {
        if (name != "cookie") continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            size_t end = rest.find(';');
            std::string_view part = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            while (!part.empty() && part.front() == ' ')
                part.remove_prefix(1);
            size_t eq = part.find('=');
            if (eq == std::string_view::npos || eq == 0) continue;
            std::string_view v = part.substr(eq + 1);
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
            out.emplace_back(part.substr(0, eq), v);
        }
    }
    return out;
}

chatd_status request_view(const chatd_request *r, chatd_request_view *out) {
    if (!r) return CHATD_ERR_INVALID;
    chatd_request_view v{};
    v.struct_size = sizeof v;
    v.tls = r->tls ? 1 : 0;
    v.method = view(r->method);
    v.path = view(r->path);
    v.query = view(r->query);
    v.remote_address = view(r->remote_address);
    v.id = r->id;
    v.body = view(r->body);
    return copy_sized(v, out);
}

chatd_status request_header(const chatd_request *r, const char *name, chatd_str_view *out) {
    if (!r) return CHATD_ERR_INVALID;
    return find_value(r->headers, name, true, out);
}

chatd_status request_query(const chatd_request *r, const char *key, chatd_str_view *out) {
    if (!r) return CHATD_ERR_INVALID;
    return find_value(r->query_args, key, false, out);
}

chatd_status request_cookie(const chatd_request *r, const char *name, chatd_str_view *out) {
    if (!r) return CHATD_ERR_INVALID;
    if (!r->cookies) r->cookies = r->headers ? parse_cookies(*r->headers) : Pairs();
    return find_value(&*r->cookies, name, false, out);
}

chatd_status request_param(const chatd_request *r, const char *name, chatd_str_view *out) {
    if (!r) return CHATD_ERR_INVALID;
    return find_value(r->params, name, false, out);
}

// ---- who sent a route's request (set during on_http_request) ----

chatd_status request_set_user(chatd_request *r, chatd_str_view user) {
    if (!r || !r->identifying || !valid_user(user)) return CHATD_ERR_INVALID;
    r->user = std::string(sv(user));
    return CHATD_OK;
}

chatd_status request_add_role(chatd_request *r, chatd_str_view role) {
    if (!r || !r->identifying) return CHATD_ERR_INVALID;
    return add_role(r->roles, role);
}

chatd_status request_refuse(chatd_request *r, uint16_t http_status, chatd_str_view code,
                            chatd_str_view message) {
    if (!r || !r->identifying || http_status < 400 || http_status > 599 ||
        !valid_name(sv(code), 64) || sv(message).size() > 1024)
        return CHATD_ERR_INVALID;
    r->refuse_status = http_status;
    r->refuse_code = std::string(sv(code));
    r->refuse_message = std::string(sv(message));
    return CHATD_OK;
}

chatd_status request_user(const chatd_request *r, chatd_str_view *out) {
    if (!r || !out) return CHATD_ERR_INVALID;
    if (!r->user) return CHATD_ERR_NOT_FOUND;
    *out = view(*r->user);
    return CHATD_OK;
}

chatd_status request_has_role(const chatd_request *r, chatd_str_view role, int32_t *out) {
    if (!r || !out) return CHATD_ERR_INVALID;
    *out = holds(r->roles, role) ? 1 : 0;
    return CHATD_OK;
}

chatd_status http_route(chatd_plugin *self, const chatd_http_route *route) {
    if (!self || !self->pipeline || !route) return CHATD_ERR_INVALID;
    if (!self->initializing) {
        spdlog::error("[{}] http_route called outside on_init", self->name);
        return CHATD_ERR_STATE;
    }
    std::string error;
    if (!self->pipeline->http_routes().add(self, *route, error)) {
        spdlog::error("[{}] {}", self->name, error);
        return CHATD_ERR_INVALID;
    }
    return CHATD_OK;
}

// NULL with a count of 0 is no headers.
bool copy_headers(const chatd_http_header *headers, size_t count, transport::HttpHeaders &out) {
    if (count && !headers) return false;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i)
        out.emplace_back(sv(headers[i].name), sv(headers[i].value));
    return true;
}

chatd_status http_respond(chatd_plugin *self, chatd_http_id request, uint16_t status,
                          const chatd_http_header *headers, size_t header_count,
                          chatd_str_view body) {
    transport::HttpHeaders copied;
    if (!self || !self->pipeline || !copy_headers(headers, header_count, copied))
        return CHATD_ERR_INVALID;
    return self->pipeline->http_routes().respond(self, request, status, std::move(copied),
                                                 std::string(sv(body)));
}

chatd_status http_stream_begin(chatd_plugin *self, chatd_http_id request, uint16_t status,
                               const chatd_http_header *headers, size_t header_count) {
    transport::HttpHeaders copied;
    if (!self || !self->pipeline || !copy_headers(headers, header_count, copied))
        return CHATD_ERR_INVALID;
    return self->pipeline->http_routes().stream_begin(self, request, status, std::move(copied));
}

chatd_status http_stream_write(chatd_plugin *self, chatd_http_id request, chatd_str_view chunk) {
    if (!self || !self->pipeline) return CHATD_ERR_INVALID;
    return self->pipeline->http_routes().stream_write(self, request, std::string(sv(chunk)));
}

chatd_status http_stream_end(chatd_plugin *self, chatd_http_id request) {
    if (!self || !self->pipeline) return CHATD_ERR_INVALID;
    return self->pipeline->http_routes().stream_end(self, request);
}

} // namespace

void add_http_functions(chatd_host_api &t) {
    t.request_view = request_view;
    t.request_header = request_header;
    t.request_query = request_query;
    t.request_cookie = request_cookie;
    t.request_param = request_param;
    t.http_route = http_route;
    t.http_respond = http_respond;
    t.http_stream_begin = http_stream_begin;
    t.http_stream_write = http_stream_write;
    t.http_stream_end = http_stream_end;
    t.request_set_user = request_set_user;
    t.request_add_role = request_add_role;
    t.request_refuse = request_refuse;
    t.request_user = request_user;
    t.request_has_role = request_has_role;
}

} // namespace chatd::host_api
