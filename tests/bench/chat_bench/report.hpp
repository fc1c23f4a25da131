#pragma once

// The one JSON line chat_bench prints: what a scenario measured, and around
// it what the server and chat_bench itself spent meanwhile, with warnings
// when the figures may be the load generator's rather than the server's.

#include "latency_histogram.hpp"
#include "proc_stats.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace chatd::bench {

// The server's and our own CPU and memory between start() and stop().
class Window {
public:
    explicit Window(pid_t server_pid) : pid_(server_pid) {}
    void start();
    void stop();
    double wall_seconds() const;
    // "server_cpu_s", "server_rss_kib" (before/after), "client_cpu_s",
    // "client_cpu_share" ... added to `report`; a warning when chat_bench
    // itself was near a full core, or the server could not be read.
    void describe(nlohmann::json &report, std::vector<std::string> &warnings) const;

    std::optional<ProcSample> server_before() const { return server_before_; }
    std::optional<ProcSample> server_after() const { return server_after_; }

private:
    pid_t pid_;
    std::optional<ProcSample> server_before_, server_after_;
    double own_before_ = 0, own_after_ = 0;
    std::chrono::steady_clock::time_point wall_before_{}, wall_after_{};
};

// {"p50":..,"p90":..,"p99":..,"max":..} in milliseconds, 3 decimals.
nlohmann::json latency_json(const LatencyHistogram &histogram);

// Prints the report on stdout as one line and each warning on stderr.
void print_report(nlohmann::json report, const std::vector<std::string> &warnings);

} // namespace chatd::bench
