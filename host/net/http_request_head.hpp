#pragma once

#include "transport/http.hpp"

#include <cstdint>
#include <libwebsockets.h>
#include <string>
#include <vector>

namespace chatd::net {

// A header's value as libwebsockets parsed it; empty when absent.
std::string header_value(lws *wsi, lws_token_indexes token);
// Whether the request has the header at all, even with an empty value.
bool header_present(lws *wsi, lws_token_indexes token);

// The query's name=value arguments as libwebsockets keeps them: split at '&'
// (and ';'), percent-decoded, '+' made a space; empty ones left out.
std::vector<std::string> query_fragments(lws *wsi);

// The request line and headers, read during LWS_CALLBACK_HTTP, the last time
// libwebsockets is sure to hold them. The caller sets id and body. A method
// chatd does not serve (CONNECT) leaves `method` empty. `custom_headers` are
// lower-case names of headers libwebsockets has no token for, collected too.
transport::HttpRequest read_request(lws *wsi, const std::vector<std::string> &custom_headers);

// How a request's body will arrive, decided from its headers before any of
// it is read.
struct BodyPlan {
    unsigned refusal = 0; // the status to answer instead of reading the body; 0 to read it
    uint64_t length = 0;
    bool expects_continue = false; // the client waits for "100 Continue" before sending it
};
BodyPlan plan_body(const transport::HttpRequest &request, uint64_t max_body_bytes);

} // namespace chatd::net
