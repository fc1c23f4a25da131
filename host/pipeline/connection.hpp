#pragma once

#include "core/fifo.hpp"
#include "pipeline/frame.hpp"
#include "pipeline/handshake.hpp"
#include "pipeline/token_bucket.hpp"

#include <chatd/plugin_abi.h>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace chatd::pipeline {

// A connection as the pipeline sees it.
struct Connection {
    Connection(chatd_conn_id id_, std::string remote_, TokenBucket bucket_)
        : id(id_), remote(std::move(remote_)), bucket(bucket_) {}
    chatd_conn_id id;
    std::string remote;
    std::string user;
    std::vector<std::string> roles;
    std::unordered_map<const chatd_plugin *, void *> plugin_data;
    // Plugins that gate readiness and have not let this connection in yet.
    std::vector<const chatd_plugin *> gates;
    bool ready = false;
    // Upgraded, but a handshake hook paused: not opened to plugins yet, its
    // frames wait. `handshake` holds the decision so far.
    bool held = false;
    std::unique_ptr<HandshakeState> handshake;
    uint64_t hold_timer = 0;
    // Frames wait here while an earlier frame of this connection is paused,
    // so a connection's frames finish in the order they were sent.
    Fifo<std::unique_ptr<chatd_frame>> queue;
    bool paused = false;
    // The server is closing it (a host or plugin close, or its send queue
    // overflowed): its frames are dropped, not run, since nobody would read
    // the answers and a closed client must not keep spending the server's time.
    bool closing = false;
    TokenBucket bucket;
    // Set when a rate_limited answer went out, cleared by the next frame let
    // through: a flood is answered once, not once per dropped frame.
    bool rate_warned = false;
};

} // namespace chatd::pipeline
