#include "cli/commands.hpp"
#include "core/version.hpp"
#include "loader/registry.hpp"
#include "net/server.hpp"
#include "pipeline/pipeline.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <thread>

namespace chatd::cli {

namespace {

void log_refusals(const loader::Registry &registry) {
    for (const auto &r : registry.refused())
        spdlog::error("{}", r.line());
    for (const auto &w : registry.warnings())
        spdlog::warn("{}", w);
}

void log_plugins(const pipeline::Pipeline &pipeline) {
    for (const chatd_plugin *p : pipeline.plugins())
        spdlog::info("plugin {} {} (ABI {}.{}) from {}", p->name, p->version,
                     p->descriptor.abi_major, p->descriptor.abi_minor, p->path.string());
    // "resolve: rooms | handle: rooms, example_c -> host"
    std::string order;
    chatd_phase phase = 0;
    for (const pipeline::StageEntry &stage : pipeline.stages()) {
        if (stage.phase != phase) {
            order += (order.empty() ? "" : " | ") + std::string(pipeline::phase_name(stage.phase)) +
                     ": ";
            phase = stage.phase;
        } else {
            order += ", ";
        }
        order += stage.plugin->name;
    }
    spdlog::info("pipeline: {}", order.empty() ? "(no stages) -> host" : order + " -> host");
}

const char *signal_name(int sig) { return sig == SIGINT ? "SIGINT" : "SIGTERM"; }

std::string url(const config::ServerConfig &s, uint16_t port) {
    bool v6 = s.host.find(':') != std::string::npos;
    return "ws://" + (v6 ? "[" + s.host + "]" : s.host) + ":" + std::to_string(port) + s.path;
}

} // namespace

int serve(const config::Config &config) {
    // Signals are taken by one thread with sigwait, so the handler can do real
    // work (ask libwebsockets to stop) instead of the little a signal handler may.
    // Blocked before any thread starts so every thread inherits the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    // A write past the file-size limit (RLIMIT_FSIZE, a cap an operator or a
    // container sets) would otherwise kill the process; ignored, the write
    // fails with EFBIG like any full disk, the plugin that wrote refuses what
    // it could not store, and chatd keeps serving.
    std::signal(SIGXFSZ, SIG_IGN);

    auto registry = loader::Registry::load(config);
    if (!registry.config_errors().empty()) {
        for (const auto &e : registry.config_errors())
            spdlog::error("{}", e.str());
        return 1;
    }

    pipeline::Options options;
    options.rate_limit_per_second = config.server.rate_limit_per_second;
    options.rate_limit_burst = config.server.rate_limit_burst;
    options.reply_cost_bytes = config.server.reply_cost_bytes;
    pipeline::Pipeline pipeline(options);
    auto server = std::make_unique<net::Server>(config.server, pipeline);
    pipeline.set_transport(*server);
    server->set_handshakes(pipeline);
    pipeline.start();
    log_refusals(registry);
    const loader::Registry::Initialised init = registry.init_all(pipeline);
    // Even on failure: the pipeline shuts down the plugins that did start.
    pipeline.set_plugins(init.active);
    if (init.failed) {
        spdlog::error("cannot start: plugin {} from {}: {}", init.failed->plugin->name,
                      init.failed->plugin->path.string(), init.failed->reason);
        return 1;
    }
    log_plugins(pipeline);
    // Plugins registered their routes in on_init; the network must know the
    // headers they read before it serves.
    pipeline.http_routes().set_responder(*server);
    server->set_http_inbound(&pipeline.http_routes(), pipeline.http_routes().custom_headers());

    std::string error;
    if (!server->start(error)) {
        spdlog::error("{}", error);
        return 1;
    }
    spdlog::info("chatd {} listening on {}", kVersion, url(config.server, server->port()));

    // Set when serving is over, so the wake-up below is not taken for a signal.
    std::atomic<bool> finished{false};
    std::thread signals([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        if (finished) return;
        spdlog::info("received {}, shutting down within {} ms", signal_name(sig),
                     config.server.shutdown_timeout_ms);
        server->request_stop();
        // Whoever asks twice does not want to wait for the deadline.
        sigwait(&stop_signals, &sig);
        if (finished) return;
        spdlog::warn("received {} again, exiting now", signal_name(sig));
        spdlog::default_logger()->flush();
        std::_Exit(1);
    });

    server->run();
    // run() has closed every connection; the pipeline now runs what is queued
    // until the same deadline, their close hooks, then shuts the plugins down
    // in reverse order. The server object outlives this, since those hooks
    // may still send through it.
    pipeline.stop(server->stop_deadline().value_or(
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(config.server.shutdown_timeout_ms)));
    // The signal thread is still waiting for a first or a second signal.
    finished = true;
    pthread_kill(signals.native_handle(), SIGTERM);
    signals.join();
    spdlog::info("chatd stopped");
    return 0;
}

} // namespace chatd::cli
