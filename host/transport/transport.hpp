#pragma once

#include "transport/payload.hpp"

#include <chatd/plugin_abi.h>
#include <cstdint>
#include <string>

namespace chatd::transport {

// What the pipeline needs from the network side. Called on the pipeline thread;
// implementations hand work to the I/O thread without blocking on it.
class Transport {
public:
    virtual ~Transport() = default;
    // Queue a frame; false if the connection is gone or closing.
    virtual bool send(chatd_conn_id conn, PayloadPtr payload) = 0;
    virtual void close(chatd_conn_id conn, uint16_t code, std::string reason) = 0;
    // One frame of this connection has left the pipeline (input flow control).
    virtual void frame_done(chatd_conn_id conn) = 0;
};

} // namespace chatd::transport
