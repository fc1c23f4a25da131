// chat_bench: a load generator for chatd and for a plain broadcast server
// (tests/bench/peer), so that the two can be compared on the same machine.
// It prints one JSON line per run; see README "Benchmarks".
#include "options.hpp"
#include "scenarios.hpp"

#include <csignal>
#include <iostream>
#include <sys/resource.h>

namespace {

using namespace chatd::bench;

// Every connection is a descriptor: go as far as the hard limit allows, and
// say so up front when that is not enough rather than failing midway.
std::size_t raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return static_cast<std::size_t>(limit.rlim_cur);
}

} // namespace

namespace chatd::bench {

void run_scenario(const Options &options) {
    std::unique_ptr<Scenario> scenario;
    switch (options.mode) {
    case Mode::fanout:
    case Mode::rooms: scenario = make_traffic_scenario(options); break;
    case Mode::history: scenario = make_history_scenario(options); break;
    case Mode::join_storm: scenario = make_join_storm_scenario(options); break;
    case Mode::idle: scenario = make_idle_scenario(options); break;
    case Mode::churn: scenario = make_churn_scenario(options); break;
    }
    scenario->run();
}

} // namespace chatd::bench

int main(int argc, char **argv) {
    auto parsed = parse_options(argc, argv);
    if (auto *error = std::get_if<std::string>(&parsed)) {
        std::cerr << "chat_bench: " << *error << "\n" << usage();
        return 2;
    }
    const auto &options = std::get<Options>(parsed);
    std::signal(SIGPIPE, SIG_IGN);
    const std::size_t files = raise_open_file_limit();
    if (files < options.connections + 32) {
        std::cerr << "chat_bench: the open-file limit (" << files << ") cannot hold "
                  << options.connections << " connections; raise the hard limit (ulimit -Hn)\n";
        return 2;
    }
    try {
        run_scenario(options);
    } catch (const std::exception &e) {
        std::cerr << "chat_bench: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
