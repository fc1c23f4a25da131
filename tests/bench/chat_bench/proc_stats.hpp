#pragma once

// What /proc says about the server under test: resident memory and CPU time
// (every thread's user + system), read between phases of a scenario.

#include <optional>
#include <string_view>
#include <sys/types.h>

namespace chatd::bench {

struct ProcSample {
    double cpu_seconds = 0; // utime + stime
    long rss_kib = 0;
};

// nullopt when the process is gone or its files cannot be read.
std::optional<ProcSample> read_proc(pid_t pid);
// Parses the text of /proc/PID/stat: utime and stime are fields 14 and 15,
// counted after the parenthesised command name, which may hold spaces.
std::optional<double> cpu_seconds_from_stat(std::string_view stat, long ticks_per_second);

} // namespace chatd::bench
