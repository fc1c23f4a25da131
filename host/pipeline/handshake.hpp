#pragma once

#include "pipeline/request.hpp"
#include "transport/handshake.hpp"

#include <chatd/plugin_abi.h>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct chatd_plugin;

namespace chatd::pipeline {

// What the handshake hooks decided about one connection, carried from the
// network thread (where the hooks run) to the connection's open on the
// pipeline thread, and kept there while the connection is held.
struct HandshakeState {
    std::optional<std::string> user;
    std::vector<std::string> roles;
    // Gating plugins whose gate the handshake opened.
    std::vector<const chatd_plugin *> opened_gates;
    // Plugins that paused and have not decided yet.
    std::vector<const chatd_plugin *> pending;
    bool refused = false;
    uint16_t http_status = 0;
    std::string reason;
    std::chrono::steady_clock::time_point created = std::chrono::steady_clock::now();
};

// A paused plugin's decision (handshake_resume).
struct HandshakeDecision {
    const chatd_plugin *plugin = nullptr;
    chatd_conn_id conn = 0;
    bool accept = false;
    uint16_t http_status = 0; // refusals
    std::string reason;       // refusals
    std::string user;         // acceptances; empty keeps what the handshake set
    bool open_gate = false;   // acceptances by a gating plugin
    std::chrono::steady_clock::time_point at = std::chrono::steady_clock::now();

    // Applies the decision to the state of its connection; false if the
    // plugin had not paused it (or had already decided).
    bool apply_to(HandshakeState &state) &&;
};

} // namespace chatd::pipeline

// The host's side of the ABI's opaque handshake handle: one upgrade request
// while one plugin's on_handshake runs.
struct chatd_handshake {
    const chatd::transport::UpgradeRequest *upgrade = nullptr;
    chatd_request request; // views into *upgrade
    chatd::pipeline::HandshakeState *state = nullptr;
    // Set by handshake_refuse for a REFUSE.
    uint16_t refuse_status = 0;
    std::string refuse_body;

    chatd_handshake(const chatd::transport::UpgradeRequest &upgrade,
                    chatd::pipeline::HandshakeState &state);
};
