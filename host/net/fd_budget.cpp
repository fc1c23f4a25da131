#include "net/fd_budget.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/resource.h>

namespace chatd::net {

bool plan_fd_budget(uint32_t max_connections, FdBudget &budget, std::string &error) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        error = std::string("cannot read the open-file limit: ") + std::strerror(errno);
        return false;
    }
    const rlim_t wanted = rlim_t{max_connections} + kSpareSockets + kReservedFds;
    // Raised as far as wanted and allowed (RLIM_INFINITY is the largest
    // value), and never above what libwebsockets believes: past ten million
    // it assumes 2560 and would refuse every higher descriptor.
    constexpr rlim_t kLwsLargestLimit = 10'000'000;
    const rlim_t target =
        std::min(std::max(limit.rlim_cur, std::min(wanted, limit.rlim_max)), kLwsLargestLimit);
    if (target != limit.rlim_cur) {
        rlimit changed = limit;
        changed.rlim_cur = target;
        // Failing only leaves the old limit, which the budget then follows.
        if (::setrlimit(RLIMIT_NOFILE, &changed) == 0) limit = changed;
    }
    // libwebsockets reads the limit back the same way (sysconf) and, when its
    // fd table is smaller, looks every fd up by a linear search.
    const uint64_t fds = std::min(limit.rlim_cur, kLwsLargestLimit);
    if (fds <= kReservedFds + kSpareSockets) {
        error = "the open-file limit (ulimit -n) is " + std::to_string(fds) +
                ", chatd needs more than " + std::to_string(kReservedFds + kSpareSockets);
        return false;
    }
    budget.fd_limit = fds;
    budget.sockets = static_cast<uint32_t>(fds - kReservedFds);
    budget.max_connections = std::min(max_connections, budget.sockets - kSpareSockets);
    if (budget.max_connections < max_connections)
        budget.lowered = "open-file limit " + std::to_string(fds) + " (ulimit -n) holds " +
                         std::to_string(budget.max_connections) +
                         " connections: max_connections lowered from " +
                         std::to_string(max_connections);
    return true;
}

} // namespace chatd::net
