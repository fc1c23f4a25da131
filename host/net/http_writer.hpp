#pragma once

#include "net/http_response_queue.hpp"

#include <libwebsockets.h>
#include <string_view>

namespace chatd::net {

// Writing HTTP responses in LWS_CALLBACK_HTTP_WRITEABLE. Each returns false
// when the connection has failed and must be closed.
//
// libwebsockets sends at most its I/O buffer (the protocol's rx_buffer_size)
// per system call and copies whatever the socket does not take into its own
// buffer, calling the writeable callback again only once that has drained. So
// the body goes out one piece per callback, each no larger than that buffer,
// and nothing is ever copied twice.

// The status line and headers. A head without content_length is a stream:
// libwebsockets then marks the connection to close at its end.
bool write_http_head(lws *wsi, const HttpHead &head);

// One piece of the body; `last` for the final piece of the response.
bool write_http_body(lws *wsi, std::string_view piece, bool last);

// The interim answer a client sending "Expect: 100-continue" waits for before
// its body; libwebsockets 4.1.6 does not send it by itself.
bool write_http_continue(lws *wsi);

} // namespace chatd::net
