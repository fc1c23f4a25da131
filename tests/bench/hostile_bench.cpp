// Hostile clients against a real chatd, measured: while each attack of the
// hostile-clients issue runs, a bystander pings every 20 ms and the server's
// resident memory is sampled. Prints one line per attack with the
// bystander's round-trip times and the RSS before, at the peak, and after
// the attackers have left. Every attack is bounded in count and time.
//
//   hostile_bench [--scale S] [ATTACK...]
//   (S in 0.1 .. 4, default 1: attackers and counts; ATTACK names: all when none)
//   hostile_bench [--scale S] --attacker ATTACK PORT runs only the attackers
//   against a chatd already listening; the program starts itself that way.
#include "support/chatd_process.hpp"
#include "support/ws_client.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace chatd::test;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

long rss_kb(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// Pings every 20 ms from its own connection and samples the server's RSS.
class Bystander {
public:
    Bystander(uint16_t port, pid_t pid) : pid_(pid) {
        if (!ws_.connect({.port = port}) || !ws_.wait_for(is("hello")))
            throw std::runtime_error("the bystander could not connect");
        thread_ = std::thread([this] { run(); });
    }
    ~Bystander() { stop(); }
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    std::vector<double> rtts() {
        std::lock_guard lock(mu_);
        return rtts_;
    }
    long peak_rss() const { return peak_rss_; }

    static WsClient::Predicate is(std::string type) {
        return [type](const json &f) { return f.value("type", "") == type; };
    }

private:
    void run() {
        for (int n = 1; !stop_; ++n) {
            const auto sent = Clock::now();
            ws_.send_json({{"type", "ping"}, {"id", n}});
            auto pong = ws_.wait_for(
                [n](const json &f) { return f.value("type", "") == "pong" && f["id"] == n; }, 10s);
            const double ms =
                std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
            {
                std::lock_guard lock(mu_);
                rtts_.push_back(pong ? ms : 10000.0);
            }
            peak_rss_ = std::max(peak_rss_.load(), rss_kb(pid_));
            std::this_thread::sleep_for(20ms);
        }
    }
    pid_t pid_;
    WsClient ws_{"bystander"};
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<long> peak_rss_{0};
    std::mutex mu_;
    std::vector<double> rtts_;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Connects n clients in parallel threads and runs `act` on each.
void each_client(uint16_t port, int n, const std::function<void(WsClient &, int)> &act,
                 std::optional<int> receive_buffer = std::nullopt) {
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            // The attackers share the machine's two cores with chatd and the
            // bystander; at normal priority a hundred busy sender threads take
            // the CPU from both, and the figures would measure the kernel's
            // scheduler instead of chatd's. Scheduled only when a core is
            // otherwise idle, they still send as fast as chatd takes. (They
            // run in a process of their own: see run_attackers.)
            const sched_param idle{};
            pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle);
            WsClient ws("attacker-" + std::to_string(i));
            if (!ws.connect({.port = port, .receive_buffer_bytes = receive_buffer})) return;
            try {
                act(ws, i);
            } catch (const std::exception &) {
                // A client the server closed; what matters is the bystander.
            }
        });
    for (auto &t : threads)
        t.join();
}

struct Attack {
    const char *name;
    const char *what;
    std::string server;                                          // [server] lines
    std::function<std::string(uint16_t port, double scale)> run; // returns a note
};

void report(const Attack &a, ChatdProcess &chatd, long before, Bystander &probe,
            const std::string &note) {
    probe.stop();
    // What the server holds once the attackers are gone; give it a moment to
    // run their close hooks (bounded: 2 s).
    const auto until = Clock::now() + 2s;
    long after = rss_kb(chatd.pid());
    while (Clock::now() < until && after > before + 4096) {
        std::this_thread::sleep_for(100ms);
        after = rss_kb(chatd.pid());
    }
    const auto rtts = probe.rtts();
    std::printf("%-14s pings %5zu  p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms  RSS %6ld -> peak "
                "%7ld -> after %6ld KiB  %s\n",
                a.name, rtts.size(), percentile(rtts, 0.5), percentile(rtts, 0.99),
                rtts.empty() ? 0.0 : *std::max_element(rtts.begin(), rtts.end()), before,
                probe.peak_rss(), after, note.c_str());
    std::fflush(stdout);
}

std::string rooms_flood(uint16_t port, double scale) {
    const int attackers = std::max(1, static_cast<int>(40 * scale));
    each_client(port, attackers, [](WsClient &ws, int i) {
        for (int r = 0; r < 99; ++r)
            ws.send_json(
                {{"type", "join"}, {"room", "f" + std::to_string(i) + "-" + std::to_string(r)}});
        // Then ask for the room list again and again without reading.
        for (int k = 0; k < 10; ++k)
            ws.send_json({{"type", "rooms"}, {"id", k}});
        std::this_thread::sleep_for(3s);
    });
    return std::to_string(attackers) + " clients x 99 rooms x 10 `rooms`";
}

// Pings with the longest id allowed, many more than the answers a connection
// may leave unread (reply_queue_bytes), from clients that never read. The
// scenario lifts the rate limit, which would otherwise stop them first.
std::string big_id_pings(uint16_t port, double scale) {
    const int attackers = std::max(1, static_cast<int>(100 * scale));
    constexpr int kPings = 2500; // about 370 KB of pongs each
    const std::string id(126, 'x');
    std::atomic<long> sent{0};
    each_client(
        port, attackers,
        [&](WsClient &ws, int) {
            for (int k = 0; k < kPings; ++k) {
                ws.send_json({{"type", "ping"}, {"id", id}}, 2s);
                ++sent;
            }
            std::this_thread::sleep_for(3s);
        },
        4096);
    return std::to_string(attackers) + " clients sent " + std::to_string(sent.load()) + " of " +
           std::to_string(attackers * kPings) + " pings with a 128-byte id, never reading";
}

std::string churn(uint16_t port, double scale) {
    const int clients = std::max(1, static_cast<int>(50 * scale));
    std::atomic<long> rooms{0};
    each_client(port, clients, [&](WsClient &ws, int i) {
        const auto until = Clock::now() + 8s;
        for (int k = 0; Clock::now() < until; ++k) {
            const std::string room = "c" + std::to_string(i) + "-" + std::to_string(k);
            ws.send_json({{"type", "join"}, {"room", room}});
            ws.send_json({{"type", "topic"}, {"room", room}, {"topic", std::string(500, 't')}});
            ws.send_json({{"type", "message"}, {"room", room}, {"text", "hi"}});
            ws.send_json({{"type", "leave"}, {"room", room}, {"id", k}});
            ws.wait_for([k](const json &f) { return f.value("id", json()) == k; }, 2s);
            ++rooms;
        }
    });
    return std::to_string(rooms.load()) + " rooms joined, given a topic and left by " +
           std::to_string(clients) + " clients in 8 s";
}

// Connected from 127.0.0.2 (another client than the bystander), or -1.
int connect_from_second_address(uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    from.sin_addr.s_addr = htonl(INADDR_LOOPBACK + 1);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && (::bind(fd, reinterpret_cast<sockaddr *>(&from), sizeof from) != 0 ||
                    ::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Raw sockets that send half a request and then nothing, while fresh clients
// try to connect.
std::string slowloris(uint16_t port, double scale) {
    const int sockets = std::max(1, static_cast<int>(250 * scale));
    std::vector<int> fds;
    for (int i = 0; i < sockets; ++i) {
        // From another loopback address than the newcomers: per-address caps
        // are meant to shut out the attacker, not everyone.
        const int fd = connect_from_second_address(port);
        if (fd < 0) continue;
        const char half[] = "GET /chat HTTP/1.1\r\nHost: x\r\n";
        if (::send(fd, half, sizeof half - 1, MSG_NOSIGNAL) < 0) {
            ::close(fd);
            continue;
        }
        fds.push_back(fd);
    }
    int connected = 0;
    double slowest = 0;
    for (int k = 0; k < 4; ++k) {
        WsClient ws("newcomer-" + std::to_string(k));
        const auto start = Clock::now();
        if (ws.connect({.port = port, .timeout = 3s}) && ws.wait_for(Bystander::is("hello"), 3s)) {
            ++connected;
            slowest = std::max(
                slowest, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        }
    }
    for (int fd : fds)
        ::close(fd);
    char note[160];
    std::snprintf(note, sizeof note,
                  "%zu half-open sockets from 127.0.0.2, max_connections 200: %d of 4 "
                  "newcomers in, slowest %.0f ms",
                  fds.size(), connected, slowest);
    return note;
}

// Sends what the server takes of `bytes` by the deadline (it may stop reading).
void send_until(int fd, std::string_view bytes, Clock::time_point deadline) {
    while (!bytes.empty() && Clock::now() < deadline) {
        const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0)
            bytes.remove_prefix(static_cast<size_t>(n));
        else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            return;
        else
            std::this_thread::sleep_for(1ms);
    }
}

// WebSocket clients that send 900 KB of a 1 MB message and then nothing.
std::string half_messages(uint16_t port, double scale) {
    const int attackers = std::max(1, static_cast<int>(100 * scale));
    const auto deadline = Clock::now() + 10s;
    std::string frame = {'\x81', '\xff'}; // FIN, text, masked, 64-bit length
    for (int shift = 56; shift >= 0; shift -= 8)
        frame += static_cast<char>((1'000'000 >> shift) & 0xff);
    frame += std::string(4, '\0') + std::string(900'000, 'x');
    std::vector<int> fds;
    for (int i = 0; i < attackers && Clock::now() < deadline; ++i) {
        const int fd = connect_from_second_address(port);
        if (fd < 0) continue;
        fds.push_back(fd);
        send_until(
            fd,
            "GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            deadline);
        std::this_thread::sleep_for(5ms); // the 101 before the frame
        send_until(fd, frame, deadline);
    }
    std::this_thread::sleep_for(3s);
    for (int fd : fds)
        ::close(fd);
    return std::to_string(fds.size()) +
           " clients send 900 KB of a 1 MB message and stall; input_queue_bytes 8 MiB";
}

// Runs the attack in a child process (this program with --attacker) and
// returns its note. Attackers at idle priority that share a process with the
// bystander hold its locks (malloc's arenas) while they wait for a core, and
// the bystander's own sends then stalled for up to half a second: priority
// inversion in the load generator, not the server's latency.
std::string run_attackers(const char *self, const Attack &a, uint16_t port, double scale) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    const std::string scale_text = std::to_string(scale), port_text = std::to_string(port);
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        ::execl(self, self, "--scale", scale_text.c_str(), "--attacker", a.name, port_text.c_str(),
                static_cast<char *>(nullptr));
        ::_exit(127);
    }
    ::close(out[1]);
    // Every attack ends by itself within seconds; this bounds a stuck one.
    const auto deadline = Clock::now() + 120s;
    std::string note;
    for (;;) {
        pollfd p{.fd = out[0], .events = POLLIN, .revents = 0};
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            ::kill(pid, SIGKILL);
            note += " (attack killed at its time limit)";
            break;
        }
        char buf[512];
        const ssize_t n = ::read(out[0], buf, sizeof buf);
        if (n <= 0) break;
        note.append(buf, static_cast<size_t>(n));
    }
    ::close(out[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) note += " (attacker process failed)";
    while (!note.empty() && note.back() == '\n')
        note.pop_back();
    return note;
}

} // namespace

int main(int argc, char **argv) {
    double scale = 1;
    std::vector<std::string> chosen;
    std::optional<uint16_t> attacker_port; // set in the attackers' own process
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--scale") == 0 && i + 1 < argc) {
            scale = std::atof(argv[++i]);
        } else if (std::strcmp(argv[i], "--attacker") == 0 && i + 2 < argc) {
            chosen.emplace_back(argv[++i]);
            attacker_port = static_cast<uint16_t>(std::atoi(argv[++i]));
        } else if (argv[i][0] != '-') {
            chosen.emplace_back(argv[i]);
        } else {
            std::fprintf(stderr, "usage: %s [--scale S] [ATTACK...]\n", argv[0]);
            return 2;
        }
    }
    if (!(scale >= 0.1 && scale <= 4)) {
        std::fprintf(stderr, "--scale must be within 0.1 .. 4\n");
        return 2;
    }
    std::vector<Attack> attacks = {
        {"rooms_flood", "many rooms, then `rooms` requests nobody reads", "", rooms_flood},
        {"big_id_pings", "pings with the longest ids, never reading",
         "rate_limit_per_second = 100000\nrate_limit_burst = 100000", big_id_pings},
        {"churn", "join, topic, message, leave in a loop", "", churn},
        {"slowloris", "half-open sockets at the connection limit", "max_connections = 200",
         slowloris},
        {"half_messages", "messages sent all but their end, then nothing",
         "input_queue_bytes = 8388608\nmax_message_bytes = 1048576\nmax_http_body_bytes = "
         "1048576\nmax_connections_per_address = 1000\nmax_handshakes_per_address = 1000",
         half_messages},
    };
    for (const std::string &name : chosen)
        if (std::none_of(attacks.begin(), attacks.end(),
                         [&](const Attack &a) { return a.name == name; })) {
            std::fprintf(stderr, "no attack named %s\n", name.c_str());
            return 2;
        }
    if (!chosen.empty())
        std::erase_if(attacks, [&](const Attack &a) {
            return std::find(chosen.begin(), chosen.end(), a.name) == chosen.end();
        });
    if (attacker_port) {
        ::setpriority(PRIO_PROCESS, 0, 19);
        std::printf("%s\n", attacks.front().run(*attacker_port, scale).c_str());
        return 0;
    }
    // chatd and the bystander stand for a server and a client on machines of
    // their own; the attackers share the cores with them. At idle priority they
    // still get whole scheduler ticks (EEVDF places a woken thread that used
    // more than its share behind them), which chatd's threads waited out for
    // up to 40 ms. A higher priority for chatd and the bystander (inherited)
    // keeps that wait short; failing to set it (not root) only costs accuracy.
    if (::setpriority(PRIO_PROCESS, 0, -10) != 0)
        std::fprintf(stderr,
                     "could not raise the priority (%s); figures include the attackers' "
                     "scheduler ticks\n",
                     std::strerror(errno));
    std::printf("hostile_bench, scale %.2f; bystander pings every 20 ms\n", scale);
    for (const Attack &a : attacks)
        std::printf("  %-14s %s\n", a.name, a.what);
    for (const Attack &a : attacks) {
        ChatdProcess chatd({.server = a.server});
        const long before = rss_kb(chatd.pid());
        Bystander probe(chatd.port(), chatd.pid());
        const std::string note = run_attackers("/proc/self/exe", a, chatd.port(), scale);
        report(a, chatd, before, probe, note);
    }
    return 0;
}
