// The listening side of EventLoop: chatd's own listen socket, accept() with a
// back-off when descriptors run out, and admission of each new socket.
//
// Why chatd accepts instead of libwebsockets: on EMFILE libwebsockets 4.1.6
// (lib/roles/listen/ops-listen.c) logs "accept: errno 24" and returns with the
// listen socket still polled for input; the client stays in the queue, so
// the next poll returns at once, and it spins (80 % CPU and 10,000 log lines
// a second were measured). It offers no way to stop polling its listen socket
// (no accessor for its lws, no call for a pause), and reacting to its log line
// would hang the fix on the wording of an error message. A listen socket of
// chatd's own, adopted as a plain descriptor, gives the accept() errors
// directly and a pause with public calls (lws_rx_flow_control on that lws, a
// timer), while each accepted socket is adopted with the same flags as
// libwebsockets' listener uses, so it is served exactly as before.
#include "net/event_loop.hpp"
#include "net/listen_socket.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace chatd::net {
namespace {

// Clients taken per wake-up, as libwebsockets' own listener is bounded, so
// that a connection flood cannot keep the I/O thread from everyone else.
constexpr int kAcceptBatch = 64;

// The client's address as text, as per-address limits count it.
std::string address_of(const sockaddr_storage &address) {
    char text[INET6_ADDRSTRLEN] = {0};
    const void *bytes =
        address.ss_family == AF_INET6
            ? static_cast<const void *>(&reinterpret_cast<const sockaddr_in6 &>(address).sin6_addr)
            : &reinterpret_cast<const sockaddr_in &>(address).sin_addr;
    return inet_ntop(address.ss_family, bytes, text, sizeof text) ? text : "unknown";
}

// Held open only to be given up when descriptors run out (see
// refuse_waiting_clients); -1 if even it cannot be had.
int open_spare_fd() { return ::open("/dev/null", O_RDONLY | O_CLOEXEC); }

} // namespace

bool EventLoop::open_listener(uint16_t port, std::string &error) {
    listen_fd_ = open_listen_socket(config_.host, port, ids_.count() > 1, error);
    if (listen_fd_ < 0) return false;
    lws_sock_file_fd_type descriptor{};
    descriptor.filefd = listen_fd_;
    // From here libwebsockets owns the descriptor, and closes it with the context.
    listen_wsi_ =
        lws_adopt_descriptor_vhost(vhost_, LWS_ADOPT_RAW_FILE_DESC, descriptor, nullptr, nullptr);
    if (!listen_wsi_) {
        ::close(std::exchange(listen_fd_, -1));
        error = "libwebsockets cannot take the listen socket";
        return false;
    }
    port_ = bound_port(listen_fd_);
    spare_fd_ = open_spare_fd();
    accept_pause_.owner = this;
    return true;
}

int EventLoop::accept_clients() {
    for (int n = 0; n < kAcceptBatch; ++n) {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr *>(&address), &length,
                                 SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            const int error = errno;
            switch (classify_accept_failure(error)) {
            case AcceptFailure::NoneWaiting: return 0;
            case AcceptFailure::NextClient: continue;
            case AcceptFailure::OutOfFds: pause_accepting(error); return 0;
            }
        }
        if (const uint64_t failures = accept_backoff_.accepted())
            spdlog::info("accepting clients again, after {} failed attempts", failures);
        take_client(fd, address);
    }
    return 0;
}

void EventLoop::take_client(int fd, const sockaddr_storage &address) {
    // What libwebsockets' listener sets (lws_plat_set_socket_options): small
    // frames go out at once.
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    if (!filter_connection(fd, address)) {
        ::close(fd);
        return;
    }
    lws_sock_file_fd_type descriptor{};
    descriptor.sockfd = fd;
    // A failed adoption has closed the socket; Admission gives its count back
    // at the next admission.
    if (!lws_adopt_descriptor_vhost(
            vhost_, static_cast<lws_adoption_type>(LWS_ADOPT_SOCKET | LWS_ADOPT_HTTP), descriptor,
            nullptr, nullptr))
        spdlog::warn("libwebsockets could not take a new client's socket");
}

bool EventLoop::filter_connection(int fd, const sockaddr_storage &accepted) {
    const std::string address = address_of(accepted);
    const char *refusal = admission_.admit(address);
    if (!refusal) return true;
    // One line a second at most: a client opening sockets in a loop must not
    // turn each refusal into a line of log. Logged before the answer, so
    // whoever reads the 503 finds the reason already in the log.
    const auto now = std::chrono::steady_clock::now();
    ++refusals_unlogged_;
    if (now - last_refusal_logged_ >= std::chrono::seconds(1)) {
        spdlog::info("refused connection from {} with 503: {}{}", address, refusal,
                     refusals_unlogged_ > 1 ? " (and " + std::to_string(refusals_unlogged_ - 1) +
                                                  " more since the last line)"
                                            : "");
        last_refusal_logged_ = now;
        refusals_unlogged_ = 0;
    }
    refuse_socket(fd);
    return false;
}

void EventLoop::pause_accepting(int error) {
    const uint32_t refused = refuse_waiting_clients();
    const std::chrono::milliseconds pause = accept_backoff_.failed();
    // One line per pause: during it nothing is tried, so nothing is logged.
    spdlog::warn("cannot accept clients: {}; {} waiting answered 503 and closed, not accepting "
                 "for {} ms ({} failed attempts since a client was last accepted)",
                 std::strerror(error), refused, pause.count(), accept_backoff_.failures());
    // Called back from within libwebsockets' input handling, which applies
    // this when the callback returns.
    lws_rx_flow_control(listen_wsi_, 0);
    lws_sul_schedule(context_, 0, &accept_pause_.sul, &EventLoop::resume_accepting,
                     static_cast<lws_usec_t>(pause.count()) * LWS_US_PER_MS);
}

// The spare descriptor, given up, lets accept() take the waiting clients one
// at a time, so that each hears 503 at once instead of hanging in the queue
// until descriptors come back; then it is taken again. Another thread (a
// plugin opening a file) may take it first: then only the pause is left, and
// the next resume tries to get it back.
uint32_t EventLoop::refuse_waiting_clients() {
    if (spare_fd_ < 0) return 0;
    ::close(std::exchange(spare_fd_, -1));
    uint32_t refused = 0;
    for (; refused < kAcceptBatch; ++refused) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) break;
        refuse_socket(fd);
        ::close(fd);
    }
    spare_fd_ = open_spare_fd();
    return refused;
}

void EventLoop::resume_accepting(lws_sorted_usec_list_t *sul) {
    EventLoop *self = reinterpret_cast<Timer *>(sul)->owner;
    if (self->spare_fd_ < 0) self->spare_fd_ = open_spare_fd();
    lws_rx_flow_control(self->listen_wsi_, 1);
}

} // namespace chatd::net
