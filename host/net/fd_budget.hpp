#pragma once

#include <cstdint>
#include <string>

namespace chatd::net {

// How many sockets the process can hold open, from its open-file limit.
// libwebsockets sizes its fd table from the limit too, and a socket chatd
// cannot accept leaves a client hanging in the listen queue, so every accepted
// socket is counted against `sockets` and refused with 503 past it.
struct FdBudget {
    uint64_t fd_limit = 0;        // RLIMIT_NOFILE's soft limit, after raising it
    uint32_t sockets = 0;         // accepted sockets of any kind, at most
    uint32_t max_connections = 0; // WebSocket connections, at most
    // Set when max_connections had to be lowered to fit; the line to log.
    std::string lowered;
};

// File descriptors kept out of the socket budget: stdio, the log, the listen
// socket and its spare (server_listen.cpp), libwebsockets' wake-up pipe,
// plugins' files and databases.
inline constexpr uint32_t kReservedFds = 32;
// Sockets kept beyond max_connections so that, with every connection taken,
// a handshake or HTTP request still gets its 503 instead of waiting.
inline constexpr uint32_t kSpareSockets = 32;

// Raises the soft limit towards the hard limit as far as `max_connections`
// needs, then divides what there is. Fails with a reason when the limit
// leaves no room for even one connection.
bool plan_fd_budget(uint32_t max_connections, FdBudget &budget, std::string &error);

} // namespace chatd::net
