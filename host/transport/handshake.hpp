#pragma once

#include <chatd/plugin_abi.h>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace chatd::transport {

// A WebSocket upgrade request as the network saw it.
struct UpgradeRequest {
    chatd_conn_id conn = 0; // the id the connection gets if it is upgraded
    std::string method;
    std::string path;
    // The query's name=value pairs, percent-decoded (libwebsockets decodes
    // them, turning '+' into a space), in order; `query` joins them with '&'.
    std::vector<std::pair<std::string, std::string>> query_args;
    std::string query;
    std::vector<std::pair<std::string, std::string>> headers; // names lowercased
    std::string remote_address;
    bool tls = false;
};

struct HandshakeVerdict {
    enum class Kind { Accept, Refuse, Hold };
    Kind kind = Kind::Accept;
    // Refuse only.
    uint16_t http_status = 0;
    std::string body;
};

// Decides upgrades that passed the network's own checks. Called on the I/O
// thread and must answer without waiting for the pipeline; a Hold upgrades
// the connection but keeps it from opening until the decision comes.
class Handshakes {
public:
    virtual ~Handshakes() = default;
    virtual HandshakeVerdict on_handshake(const UpgradeRequest &request) = 0;
};

} // namespace chatd::transport
