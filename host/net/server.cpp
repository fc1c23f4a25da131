#include "net/server.hpp"

#include "net/fd_budget.hpp"

#include <algorithm>
#include <sched.h>
#include <spdlog/spdlog.h>
#include <thread>

namespace chatd::net {

namespace {

// What each loop is given of the server's limits.
config::ServerConfig loop_config(const config::ServerConfig &config, unsigned loops) {
    config::ServerConfig share = config;
    // Each loop keeps its own input budget, so that a loop never sheds or
    // pauses another's connections; together they hold what the key says.
    share.input_queue_bytes = std::max<uint64_t>(config.input_queue_bytes / loops, 1);
    return share;
}

} // namespace

unsigned event_loop_count(uint32_t io_threads) {
    if (io_threads > 0) return io_threads;
    // The cores this process may use, not the machine's: under taskset or a
    // container's cpuset more loops than cores would only take turns.
    cpu_set_t cores;
    const unsigned usable = sched_getaffinity(0, sizeof cores, &cores) == 0
                                ? static_cast<unsigned>(CPU_COUNT(&cores))
                                : std::thread::hardware_concurrency();
    return std::clamp(usable, 1u, config::kMaxIoThreads);
}

Server::Server(const config::ServerConfig &config, transport::Inbound &inbound) : config_(config) {
    const unsigned count = event_loop_count(config.io_threads);
    const config::ServerConfig share = loop_config(config, count);
    for (unsigned i = 0; i < count; ++i)
        loops_.push_back(std::make_unique<EventLoop>(share, inbound, admission_, i, count));
    shares_.resize(count);
}

Server::~Server() = default;

void Server::set_handshakes(transport::Handshakes &handshakes) {
    for (auto &loop : loops_)
        loop->set_handshakes(handshakes);
}

void Server::set_http_inbound(transport::HttpInbound *inbound,
                              std::vector<std::string> custom_headers) {
    for (auto &loop : loops_)
        loop->set_http_inbound(inbound, custom_headers);
}

bool Server::start(std::string &error) {
    FdBudget fds;
    if (!plan_fd_budget(config_.max_connections, fds, error)) return false;
    if (!fds.lowered.empty()) spdlog::warn("{}", fds.lowered);
    admission_.limit({
        .sockets = fds.sockets,
        .connections = fds.max_connections,
        .per_address = config_.max_connections_per_address,
        .handshakes_per_address = config_.max_handshakes_per_address,
    });
    // The first loop takes the port asked for (or one the kernel picks);
    // the others listen on the same one.
    uint16_t port = config_.port;
    for (auto &loop : loops_) {
        if (!loop->start(static_cast<unsigned>(fds.fd_limit), port, error)) return false;
        port = loop->port();
    }
    if (loops_.size() > 1) spdlog::info("serving on {} event loops", loops_.size());
    return true;
}

void Server::run() {
    std::vector<std::thread> others;
    for (size_t i = 1; i < loops_.size(); ++i)
        others.emplace_back([this, i] {
            loops_[i]->run();
            request_stop(); // a loop that failed takes the others with it
        });
    loops_.front()->run();
    request_stop();
    for (std::thread &t : others)
        t.join();
}

void Server::request_stop() {
    for (auto &loop : loops_)
        loop->request_stop();
}

std::optional<std::chrono::steady_clock::time_point> Server::stop_deadline() const {
    std::optional<std::chrono::steady_clock::time_point> earliest;
    for (const auto &loop : loops_)
        if (auto deadline = loop->stop_deadline(); deadline && (!earliest || *deadline < *earliest))
            earliest = deadline;
    return earliest;
}

void Server::send_many(std::span<const chatd_conn_id> conns, const transport::PayloadPtr &payload,
                       transport::Traffic traffic, std::vector<transport::SendResult> &results) {
    if (loops_.size() == 1) return loops_.front()->send_many(conns, payload, traffic, results);
    for (Share &share : shares_) {
        share.conns.clear();
        share.positions.clear();
    }
    for (size_t i = 0; i < conns.size(); ++i) {
        Share &share = shares_[LoopIds::owner(conns[i], loops_.size())];
        share.conns.push_back(conns[i]);
        share.positions.push_back(i);
    }
    results.assign(conns.size(), transport::SendResult::Gone);
    for (size_t k = 0; k < loops_.size(); ++k) {
        const Share &share = shares_[k];
        if (share.conns.empty()) continue;
        loops_[k]->send_many(share.conns, payload, traffic, share_results_);
        for (size_t j = 0; j < share.positions.size(); ++j)
            results[share.positions[j]] = share_results_[j];
    }
}

transport::SendResult Server::send(chatd_conn_id conn, transport::PayloadPtr payload,
                                   transport::Traffic traffic) {
    return owner(conn).send(conn, std::move(payload), traffic);
}

void Server::close(chatd_conn_id conn, uint16_t code, std::string reason) {
    owner(conn).close(conn, code, std::move(reason));
}

void Server::frame_done(chatd_conn_id conn) { owner(conn).frame_done(conn); }

bool Server::respond(uint64_t id, unsigned status, transport::HttpHeaders headers,
                     std::string body) {
    return owner(id).respond(id, status, std::move(headers), std::move(body));
}

bool Server::stream_begin(uint64_t id, unsigned status, transport::HttpHeaders headers) {
    return owner(id).stream_begin(id, status, std::move(headers));
}

transport::StreamWrite Server::stream_write(uint64_t id, std::string chunk) {
    return owner(id).stream_write(id, std::move(chunk));
}

bool Server::stream_end(uint64_t id) { return owner(id).stream_end(id); }

} // namespace chatd::net
