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
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
        rlimit raised = limit;
        raised.rlim_cur =
            limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
        // Failing only leaves the old limit, which the budget then follows.
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    // libwebsockets reads the limit back the same way (sysconf) and, when its
    // fd table is smaller, looks every fd up by a linear search.
    const uint64_t fds = limit.rlim_cur == RLIM_INFINITY ? wanted : limit.rlim_cur;
    if (fds <= kReservedFds + kSpareSockets) {
        error = "the open-file limit (ulimit -n) is " + std::to_string(fds) +
                ", chatd needs more than " + std::to_string(kReservedFds + kSpareSockets);
        return false;
    }
    budget.fd_limit = fds;
    budget.sockets = static_cast<uint32_t>(std::min<uint64_t>(fds - kReservedFds, UINT32_MAX));
    budget.max_connections = std::min(max_connections, budget.sockets - kSpareSockets);
    if (budget.max_connections < max_connections)
        budget.lowered = "open-file limit " + std::to_string(fds) + " (ulimit -n) holds " +
                         std::to_string(budget.max_connections) +
                         " connections: max_connections lowered from " +
                         std::to_string(max_connections);
    return true;
}

} // namespace chatd::net
