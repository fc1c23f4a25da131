#include "pipeline/http_routes.hpp"

#include "http/url_decoding.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/plugin.hpp"
#include "pipeline/request.hpp"
#include "transport/http_names.hpp"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace chatd::pipeline {

namespace {

std::string join(const std::vector<std::string> &items, std::string_view by) {
    std::string out;
    for (const std::string &item : items)
        out += (out.empty() ? "" : std::string(by)) + item;
    return out;
}

} // namespace

HttpRoutes::HttpRoutes(Pipeline &pipeline, std::chrono::milliseconds answer_timeout)
    : pipeline_(pipeline), answer_timeout_(answer_timeout) {}

bool HttpRoutes::add(chatd_plugin *plugin, const chatd_http_route &route, std::string &error) {
    // A plugin built against another minor knows fewer (or more) fields.
    chatd_http_route hook{};
    std::memcpy(&hook, &route, std::min<size_t>(route.struct_size, sizeof hook));
    if (route.struct_size < sizeof(uint32_t) || !hook.method || !hook.pattern || !hook.on_request) {
        error = "a route needs a method, a pattern and on_request";
        return false;
    }
    const std::string method = hook.method;
    const std::string pattern = hook.pattern;
    static constexpr std::string_view kMethods[] = {"GET",   "POST",   "PUT",
                                                    "PATCH", "DELETE", "OPTIONS"};
    if (std::find(std::begin(kMethods), std::end(kMethods), method) == std::end(kMethods)) {
        error = "route " + method + " " + pattern +
                ": the method must be one of GET, POST, PUT, PATCH, DELETE, OPTIONS";
        return false;
    }
    std::vector<std::string> headers;
    for (const char *const *h = hook.headers; h && *h; ++h) {
        if (!transport::is_token(*h)) {
            error = "route " + method + " " + pattern + ": bad header name '" + *h + "'";
            return false;
        }
        headers.push_back(transport::lower_case(*h));
    }
    if (!router_.add(method, pattern, error)) return false;
    for (std::string &h : headers)
        if (std::find(custom_headers_.begin(), custom_headers_.end(), h) == custom_headers_.end())
            custom_headers_.push_back(std::move(h));
    // Only the callbacks and user pointer are kept: the strings are the plugin's.
    hook.method = hook.pattern = nullptr;
    hook.headers = nullptr;
    routes_.push_back({plugin, hook, method, pattern});
    spdlog::debug("[{}] serves {} {}", plugin->name, method, pattern);
    return true;
}

void HttpRoutes::forget(const chatd_plugin *plugin) {
    std::erase_if(routes_, [&](const Route &r) { return r.plugin == plugin; });
    // Route ids are positions, so the router is rebuilt from the rest.
    router_ = http::Router();
    std::string unused;
    for (const Route &r : routes_)
        router_.add(r.method, r.pattern, unused);
}

void HttpRoutes::respond_error(chatd_http_id id, unsigned status, std::string_view code,
                               std::string_view message, transport::HttpHeaders headers) {
    headers.emplace_back("content-type", "application/json");
    nlohmann::json body = {{"type", "error"}, {"code", code}, {"message", message}};
    responder_->respond(id, status, std::move(headers), body.dump() + "\n");
}

void HttpRoutes::on_http_request(transport::HttpRequest request) {
    const chatd_http_id id = request.id;
    http::MatchResult match = router_.match(request.method, request.path);
    if (std::holds_alternative<http::NotFound>(match))
        return respond_error(id, 404, "not_found", "no such path");
    if (auto *other = std::get_if<http::MethodNotAllowed>(&match))
        return respond_error(id, 405, "method_not_allowed", request.method + " is not allowed here",
                             {{"allow", join(other->allowed, ", ")}});
    auto &found = std::get<http::RouteMatch>(match);
    {
        std::lock_guard lock(mu_);
        open_.emplace(id, Open{found.route, Phase::Waiting, std::nullopt});
    }
    const bool posted = pipeline_.post(Lane{Lane::Kind::HttpRequest, id},
                                       [this, route = found.route, params = std::move(found.params),
                                        request = std::move(request)]() mutable {
                                           handle(route, std::move(params), std::move(request));
                                       });
    if (!posted && settle(nullptr, id, Phase::Waiting))
        respond_error(id, 503, "unavailable", "the server is shutting down");
}

void HttpRoutes::handle(http::RouteId route_id, http::PathParams params,
                        transport::HttpRequest request) {
    const Route &route = routes_[route_id];
    const chatd_http_id id = request.id;
    {
        std::lock_guard lock(mu_);
        auto it = open_.find(id);
        if (it == open_.end()) return; // the client left before its turn
        it->second.deadline = pipeline_.now() + answer_timeout_;
    }
    if (!sweeping_) {
        sweeping_ = true;
        using std::chrono::seconds;
        pipeline_.timers().start(this, seconds(1), seconds(1),
                                 [this](uint64_t) { expire_overdue(); });
    }
    if (!route.plugin->active) {
        if (settle(nullptr, id, Phase::Waiting))
            respond_error(id, 503, "unavailable", "the route's plugin has stopped");
        return;
    }
    const std::string path = http::percent_decode(request.path);
    const http::QueryParams args = http::parse_query(request.query);
    const std::string query = http::join_query(args);

    chatd_request r;
    r.id = id;
    r.method = request.method;
    r.path = path;
    r.query = query;
    r.remote_address = request.remote_address;
    r.body = request.body;
    r.tls = request.tls;
    r.headers = &request.headers;
    r.query_args = &args;
    r.params = &params;
    if (!identify(id, r)) return;
    const bool ok =
        guarded(route.plugin, "an HTTP route", [&] { route.hook.on_request(route.hook.user, &r); });
    if (!ok && settle(nullptr, id, Phase::Waiting))
        respond_error(id, 500, "internal", "internal error");
}

bool HttpRoutes::identify(chatd_http_id id, chatd_request &r) {
    r.identifying = true;
    for (chatd_plugin *p : pipeline_.plugins()) {
        if (!p->active || !p->descriptor.on_http_request) continue;
        chatd_handshake_status status = CHATD_HANDSHAKE_REFUSE;
        if (!guarded(p, "on_http_request",
                     [&] { status = p->descriptor.on_http_request(p->state, &r); }) ||
            (status != CHATD_HANDSHAKE_ACCEPT && status != CHATD_HANDSHAKE_REFUSE)) {
            if (status == CHATD_HANDSHAKE_PAUSE)
                spdlog::error("[{}] on_http_request cannot pause; refusing", p->name);
            else if (status != CHATD_HANDSHAKE_REFUSE)
                spdlog::error("[{}] on_http_request returned unknown status {}; refusing", p->name,
                              status);
            if (settle(nullptr, id, Phase::Waiting))
                respond_error(id, 500, "internal", "internal error");
            return false;
        }
        if (status == CHATD_HANDSHAKE_ACCEPT) continue;
        const unsigned code = r.refuse_status ? r.refuse_status : 403;
        transport::HttpHeaders headers;
        // RFC 6750: a 401 names the scheme that would be accepted.
        if (code == 401) headers.emplace_back("www-authenticate", "Bearer");
        spdlog::debug("[{}] refused http {} from {} with {}", p->name, id, r.remote_address, code);
        if (settle(nullptr, id, Phase::Waiting))
            respond_error(id, code, r.refuse_code.empty() ? "forbidden" : r.refuse_code,
                          r.refuse_message.empty() ? "refused" : r.refuse_message,
                          std::move(headers));
        return false;
    }
    r.identifying = false;
    return true;
}

std::optional<http::RouteId> HttpRoutes::settle(const chatd_plugin *plugin, chatd_http_id id,
                                                Phase from, bool to_streaming) {
    std::lock_guard lock(mu_);
    auto it = open_.find(id);
    if (it == open_.end() || it->second.phase != from) return std::nullopt;
    const http::RouteId route = it->second.route;
    if (plugin && routes_[route].plugin != plugin) return std::nullopt;
    if (to_streaming)
        it->second.phase = Phase::Streaming;
    else
        open_.erase(it);
    return route;
}

void HttpRoutes::expire_overdue() {
    const auto now = pipeline_.now();
    std::vector<std::pair<chatd_http_id, http::RouteId>> overdue;
    {
        std::lock_guard lock(mu_);
        for (auto it = open_.begin(); it != open_.end();) {
            const Open &o = it->second;
            if (o.phase == Phase::Waiting && o.deadline && *o.deadline <= now) {
                overdue.emplace_back(it->first, o.route);
                it = open_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const auto &[id, route] : overdue) {
        spdlog::warn("[{}] http {}: not answered within {} ms; answering 504",
                     routes_[route].plugin->name, id, answer_timeout_.count());
        respond_error(id, 504, "timeout", "the handler did not answer in time");
        call_on_gone(route, id);
    }
}

void HttpRoutes::call_on_gone(http::RouteId route_id, chatd_http_id id) {
    const Route &route = routes_[route_id];
    if (!route.plugin->active || !route.hook.on_gone) return;
    guarded(route.plugin, "an HTTP route's on_gone",
            [&] { route.hook.on_gone(route.hook.user, id); });
}

void HttpRoutes::on_http_gone(uint64_t id) {
    pipeline_.post([this, id] { gone(id); });
}

void HttpRoutes::gone(chatd_http_id id) {
    std::optional<http::RouteId> route = settle(nullptr, id, Phase::Waiting);
    if (!route) route = settle(nullptr, id, Phase::Streaming);
    if (route) call_on_gone(*route, id);
}

chatd_status HttpRoutes::respond(const chatd_plugin *plugin, chatd_http_id id, unsigned status,
                                 transport::HttpHeaders headers, std::string body) {
    if (status < 200 || status > 599) return CHATD_ERR_INVALID;
    if (!settle(plugin, id, Phase::Waiting)) return CHATD_ERR_NOT_FOUND;
    return responder_->respond(id, status, std::move(headers), std::move(body))
               ? CHATD_OK
               : CHATD_ERR_NOT_FOUND;
}

chatd_status HttpRoutes::stream_begin(const chatd_plugin *plugin, chatd_http_id id, unsigned status,
                                      transport::HttpHeaders headers) {
    if (status < 200 || status > 599) return CHATD_ERR_INVALID;
    if (!settle(plugin, id, Phase::Waiting, true)) return CHATD_ERR_NOT_FOUND;
    return responder_->stream_begin(id, status, std::move(headers)) ? CHATD_OK
                                                                    : CHATD_ERR_NOT_FOUND;
}

chatd_status HttpRoutes::stream_write(const chatd_plugin *plugin, chatd_http_id id,
                                      std::string chunk) {
    {
        std::lock_guard lock(mu_);
        auto it = open_.find(id);
        if (it == open_.end() || it->second.phase != Phase::Streaming ||
            routes_[it->second.route].plugin != plugin)
            return CHATD_ERR_NOT_FOUND;
    }
    switch (responder_->stream_write(id, std::move(chunk))) {
    case transport::StreamWrite::Queued: return CHATD_OK;
    case transport::StreamWrite::Overflow: return CHATD_ERR_LIMIT;
    case transport::StreamWrite::Gone: break;
    }
    return CHATD_ERR_NOT_FOUND;
}

chatd_status HttpRoutes::stream_end(const chatd_plugin *plugin, chatd_http_id id) {
    if (!settle(plugin, id, Phase::Streaming)) return CHATD_ERR_NOT_FOUND;
    return responder_->stream_end(id) ? CHATD_OK : CHATD_ERR_NOT_FOUND;
}

void HttpRoutes::drop_plugin(const chatd_plugin *plugin) {
    std::vector<std::pair<chatd_http_id, Phase>> left;
    {
        std::lock_guard lock(mu_);
        for (auto it = open_.begin(); it != open_.end();) {
            if (routes_[it->second.route].plugin == plugin) {
                left.emplace_back(it->first, it->second.phase);
                it = open_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (const auto &[id, phase] : left) {
        if (phase == Phase::Streaming)
            responder_->stream_end(id);
        else
            respond_error(id, 503, "unavailable", "the route's plugin has stopped");
    }
}

} // namespace chatd::pipeline
