#include "proc_stats.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace chatd::bench {

std::optional<double> cpu_seconds_from_stat(std::string_view stat, long ticks_per_second) {
    const auto close = stat.rfind(')');
    if (close == std::string_view::npos || ticks_per_second <= 0) return std::nullopt;
    std::istringstream fields{std::string(stat.substr(close + 1))};
    std::string field;
    // Field 3 (state) is the first after the name; utime is field 14.
    for (int i = 3; i < 14; ++i)
        if (!(fields >> field)) return std::nullopt;
    unsigned long long utime = 0, stime = 0;
    if (!(fields >> utime >> stime)) return std::nullopt;
    return static_cast<double>(utime + stime) / static_cast<double>(ticks_per_second);
}

std::optional<ProcSample> read_proc(pid_t pid) {
    const std::string dir = "/proc/" + std::to_string(pid);
    std::ifstream stat_file(dir + "/stat");
    std::string stat;
    if (!std::getline(stat_file, stat)) return std::nullopt;
    const auto cpu = cpu_seconds_from_stat(stat, sysconf(_SC_CLK_TCK));
    if (!cpu) return std::nullopt;
    ProcSample sample{.cpu_seconds = *cpu};
    std::ifstream status(dir + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) sample.rss_kib = std::stol(line.substr(6));
    return sample;
}

} // namespace chatd::bench
