#include "net/accept_backoff.hpp"

#include <algorithm>
#include <cerrno>
#include <utility>

namespace chatd::net {

AcceptFailure classify_accept_failure(int error) {
    switch (error) {
    case EAGAIN: return AcceptFailure::NoneWaiting;
    // accept(2) on Linux passes on the new connection's own network errors;
    // and a signal interrupts one call, not the queue.
    case EINTR:
    case ECONNABORTED:
    case EPROTO:
    case EPERM:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH: return AcceptFailure::NextClient;
    // EMFILE, ENFILE, ENOBUFS, ENOMEM, and anything unforeseen: retrying at
    // once would fail the same way, so it is treated like a shortage.
    default: return AcceptFailure::OutOfFds;
    }
}

std::chrono::milliseconds AcceptBackoff::failed() {
    ++failures_;
    const auto pause = next_;
    next_ = std::min(next_ * 2, kLongestPause);
    return pause;
}

uint64_t AcceptBackoff::accepted() {
    next_ = kFirstPause;
    return std::exchange(failures_, 0);
}

} // namespace chatd::net
