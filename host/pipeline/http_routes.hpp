#pragma once

#include "http/router.hpp"
#include "transport/http.hpp"

#include <chatd/plugin_abi.h>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

struct chatd_plugin;

namespace chatd::pipeline {

class Pipeline;

// Plugins' HTTP routes. A request is matched on the I/O thread as it arrives
// (the router is fixed before serving starts), handed to its route's plugin
// on the pipeline thread, and answered through the HttpResponder from any
// thread. Unknown paths get 404 and known paths with another method 405 here,
// without a trip through the pipeline.
class HttpRoutes final : public transport::HttpInbound {
public:
    HttpRoutes(Pipeline &pipeline, std::chrono::milliseconds answer_timeout);

    // Pipeline thread, while plugins initialise. false with `error` naming
    // the route and what is wrong.
    bool add(chatd_plugin *plugin, const chatd_http_route &route, std::string &error);
    // Pipeline thread, before serving: removes the routes of a plugin whose
    // on_init failed after adding some.
    void forget(const chatd_plugin *plugin);
    // The non-standard request headers the routes read; the network must be
    // told them before it serves.
    const std::vector<std::string> &custom_headers() const { return custom_headers_; }
    void set_responder(transport::HttpResponder &responder) { responder_ = &responder; }

    // transport::HttpInbound (I/O thread).
    void on_http_request(transport::HttpRequest request) override;
    void on_http_gone(uint64_t id) override;

    // Any thread: a plugin answers one of its own routes' requests.
    chatd_status respond(const chatd_plugin *plugin, chatd_http_id id, unsigned status,
                         transport::HttpHeaders headers, std::string body);
    chatd_status stream_begin(const chatd_plugin *plugin, chatd_http_id id, unsigned status,
                              transport::HttpHeaders headers);
    chatd_status stream_write(const chatd_plugin *plugin, chatd_http_id id, std::string chunk);
    chatd_status stream_end(const chatd_plugin *plugin, chatd_http_id id);

    // Pipeline thread, after the plugin's on_shutdown: what it left open is
    // answered 503, or its stream ended.
    void drop_plugin(const chatd_plugin *plugin);

private:
    struct Route {
        chatd_plugin *plugin;
        chatd_http_route hook; // its callbacks; the strings are below
        std::string method;
        std::string pattern;
    };
    enum class Phase { Waiting, Streaming };
    struct Open {
        http::RouteId route;
        Phase phase = Phase::Waiting;
        // Set once the plugin has the request; an answer must begin by then.
        std::optional<std::chrono::steady_clock::time_point> deadline;
    };

    // Pipeline thread.
    void handle(http::RouteId route, http::PathParams params, transport::HttpRequest request);
    // Runs the plugins' on_http_request; false when one refused (answered)
    // or failed (answered 500).
    bool identify(chatd_http_id id, chatd_request &r);
    void gone(chatd_http_id id);
    // Answers 504 to requests past their deadline; runs every second.
    void expire_overdue();
    void call_on_gone(http::RouteId route, chatd_http_id id);
    // Answers with a JSON error body, like the WebSocket protocol's error frames.
    void respond_error(chatd_http_id id, unsigned status, std::string_view code,
                       std::string_view message, transport::HttpHeaders headers = {});
    // If `plugin` (nullptr: anyone) owns the open request and it is in
    // `from`: removes it, or with `to_streaming` marks it streaming, and
    // returns its route.
    std::optional<http::RouteId> settle(const chatd_plugin *plugin, chatd_http_id id, Phase from,
                                        bool to_streaming = false);

    Pipeline &pipeline_;
    std::chrono::milliseconds answer_timeout_;
    http::Router router_;
    std::vector<Route> routes_;
    std::vector<std::string> custom_headers_;
    bool sweeping_ = false;
    transport::HttpResponder *responder_ = nullptr;

    // Requests handed to a plugin and not yet answered in full.
    std::mutex mu_;
    std::unordered_map<chatd_http_id, Open> open_;
};

} // namespace chatd::pipeline
