#pragma once

#include "transport/payload.hpp"

#include <chatd/plugin_abi.h>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace chatd::transport {

// What the pipeline needs from the network side. Called on the pipeline thread;
// implementations hand work to the I/O thread without blocking on it.
enum class SendResult {
    Queued,
    Full, // the send queue overflowed: the connection is being closed with 1008
    Gone, // no such connection, or it is already closing
};

// Whether the client asked for a payload. A client can make the server answer
// as fast as it sends while never reading, so the network bounds what it has
// provoked apart from what others send it.
enum class Traffic {
    Unsolicited, // room traffic, a plugin's send, the greeting
    Reply,       // the answer to one of the connection's own frames: reply, pong, error
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual SendResult send(chatd_conn_id conn, PayloadPtr payload, Traffic traffic) = 0;
    // One payload to many connections; results gets conns[i]'s at [i]. A
    // room message costs this per member, so the network side may take its
    // locks and wake its thread once for all of them; by default, one send
    // each.
    virtual void send_many(std::span<const chatd_conn_id> conns, const PayloadPtr &payload,
                           Traffic traffic, std::vector<SendResult> &results) {
        results.clear();
        for (const chatd_conn_id conn : conns)
            results.push_back(send(conn, payload, traffic));
    }
    virtual void close(chatd_conn_id conn, uint16_t code, std::string reason) = 0;
    // One frame of this connection has left the pipeline (input flow control).
    virtual void frame_done(chatd_conn_id conn) = 0;
};

} // namespace chatd::transport
