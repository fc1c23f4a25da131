#include "report.hpp"

#include "../cpu_time.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace chatd::bench {
namespace {

double round3(double value) { return std::round(value * 1000.0) / 1000.0; }

// Above this share of one core chat_bench may be what limits the figures.
constexpr double saturation_share = 0.85;

} // namespace

void Window::start() {
    if (pid_ > 0) server_before_ = read_proc(pid_);
    own_before_ = cpu_seconds();
    wall_before_ = std::chrono::steady_clock::now();
}

void Window::stop() {
    if (pid_ > 0) server_after_ = read_proc(pid_);
    own_after_ = cpu_seconds();
    wall_after_ = std::chrono::steady_clock::now();
}

double Window::wall_seconds() const {
    return std::chrono::duration<double>(wall_after_ - wall_before_).count();
}

void Window::describe(nlohmann::json &report, std::vector<std::string> &warnings) const {
    const double wall = wall_seconds();
    const double own = own_after_ - own_before_;
    report["seconds"] = round3(wall);
    report["client_cpu_s"] = round3(own);
    const double share = wall > 0 ? own / wall : 0;
    report["client_cpu_share"] = round3(share);
    if (share >= saturation_share)
        warnings.push_back("chat_bench used " + std::to_string(static_cast<int>(share * 100)) +
                           "% of a core: the figures may be the load generator's limit");
    if (pid_ <= 0) return;
    if (!server_before_ || !server_after_) {
        warnings.push_back("could not read /proc/" + std::to_string(pid_) +
                           ": no server CPU or RSS");
        return;
    }
    const double server = server_after_->cpu_seconds - server_before_->cpu_seconds;
    report["server_cpu_s"] = round3(server);
    report["server_cpu_share"] = round3(wall > 0 ? server / wall : 0);
    report["server_rss_kib_before"] = server_before_->rss_kib;
    report["server_rss_kib_after"] = server_after_->rss_kib;
}

nlohmann::json latency_json(const LatencyHistogram &h) {
    auto ms = [](std::uint64_t micros) { return round3(static_cast<double>(micros) / 1000.0); };
    return {{"p50", ms(h.percentile(50))},
            {"p90", ms(h.percentile(90))},
            {"p99", ms(h.percentile(99))},
            {"max", ms(h.max())},
            {"count", h.count()}};
}

void print_report(nlohmann::json report, const std::vector<std::string> &warnings) {
    report["warnings"] = warnings;
    for (const auto &warning : warnings)
        std::cerr << "chat_bench: warning: " << warning << "\n";
    std::cout << report.dump() << std::endl;
}

} // namespace chatd::bench
