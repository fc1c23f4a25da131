#pragma once

#include "net/http_response_queue.hpp"
#include "transport/http.hpp"

#include <cstdint>
#include <libwebsockets.h>
#include <string>

namespace chatd::net {

// One HTTP request and its response, from LWS_CALLBACK_HTTP until the
// response is written or the connection goes.
struct HttpExchange {
    HttpExchange(uint64_t id_, lws *wsi_, size_t stream_limit_bytes)
        : id(id_), wsi(wsi_), answer(stream_limit_bytes) {}

    const uint64_t id;
    lws *const wsi;           // I/O thread only; valid while the exchange is in the table
    HttpResponseQueue answer; // responders push, the I/O thread pops
    // I/O thread only:
    transport::HttpRequest request; // assembled here until it is delivered
    bool delivered = false;
    uint64_t queued_input = 0; // the body's bytes in the input budget once delivered
    bool shed = false;         // answered 503 for the input budget; the rest of the body is dropped
    bool head_only = false;    // HEAD: the body is announced, not sent
    bool close_after = false;  // the server ends the connection with this answer
    bool head_written = false;
    bool streaming = false; // the head had no length: the connection ends with the body
    std::string piece;      // the body piece being written, and how much of it is out
    size_t piece_written = 0;
};

} // namespace chatd::net
