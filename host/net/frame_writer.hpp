// Many WebSocket frames to one socket in one system call. On loopback a
// write costs about the same whatever its size, so one per frame caps a core
// near 200,000 deliveries a second; this is how chatd gets past that.
#pragma once

#include "transport/payload.hpp"

#include <span>
#include <vector>

struct lws;

namespace chatd::net {

// Writes `frames` (each a whole frame, transport/payload.hpp) in one
// lws_write, through `scratch` when there are several. -1 if the connection
// failed, as lws_write.
//
// libwebsockets 4.1 frames only what it is given as WebSocket data; a write
// of the HTTP kind on a WebSocket connection goes out as it is (send_raw in
// roles/ws/ops-ws.c), and what the socket does not take now is kept in
// order and sent before the next writable callback, as for any write. That
// holds only while no extension rewrites frames, so permessage-deflate must
// stay off on connections written this way.
int write_frames(lws *wsi, std::span<const transport::PayloadPtr> frames,
                 std::vector<unsigned char> &scratch);

// Writes one message as WebSocket data, which libwebsockets frames itself
// and passes through the connection's extensions (permessage-deflate): one
// per writable callback. -1 if the connection failed.
int write_message(lws *wsi, const transport::Payload &message, std::vector<unsigned char> &scratch);

} // namespace chatd::net
