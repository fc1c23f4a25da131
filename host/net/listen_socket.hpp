#pragma once

#include <cstdint>
#include <string>

namespace chatd::net {

// A non-blocking TCP socket listening on host:port (port 0: a free one the
// kernel picks), for an address literal or a name that resolves to one; IPv6
// only when host is an IPv6 literal, as libwebsockets' IPv6 option was set
// before. With `shared`, other sockets of this process may listen on the
// same port (SO_REUSEPORT; the kernel spreads new clients among them, so each
// event loop accepts its own). -1 with a reason on failure.
int open_listen_socket(const std::string &host, uint16_t port, bool shared, std::string &error);

// The port a bound socket listens on, 0 if it cannot be read.
uint16_t bound_port(int fd);

} // namespace chatd::net
