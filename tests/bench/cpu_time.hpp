#pragma once

#include <sys/resource.h>

namespace chatd::bench {

// CPU time of the whole process (every thread): on a shared machine, work
// per CPU-second says more than work per second.
inline double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval &t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

} // namespace chatd::bench
