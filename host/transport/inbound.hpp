#pragma once

#include <chatd/plugin_abi.h>
#include <string>

namespace chatd::transport {

// What the I/O thread reports. Implementations must not block: they queue the
// event for the pipeline thread.
class Inbound {
public:
    virtual ~Inbound() = default;
    virtual void on_open(chatd_conn_id conn, std::string remote_address) = 0;
    // A complete message (all fragments), text or binary.
    virtual void on_message(chatd_conn_id conn, std::string data, bool binary) = 0;
    virtual void on_close(chatd_conn_id conn) = 0;
};

} // namespace chatd::transport
