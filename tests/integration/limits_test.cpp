// Hostile clients: sockets that never finish a handshake, too many sockets
// from one address, a full server, a small open-file limit, and clients that
// flood the pipeline while it is held. None of them may lock others out.
#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"
#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace chatd::test {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// A TCP socket that says as much as the test wants, from a chosen loopback
// address (all of 127.0.0.0/8 is local, so 127.0.0.2 is another client).
class RawSocket {
public:
    RawSocket(uint16_t port, const char *from = "127.0.0.1") {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in local{.sin_family = AF_INET, .sin_port = 0, .sin_addr = {}, .sin_zero = {}};
        ::inet_pton(AF_INET, from, &local.sin_addr);
        sockaddr_in server = local;
        server.sin_port = htons(port);
        ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
        connected_ = fd_ >= 0 &&
                     ::bind(fd_, reinterpret_cast<sockaddr *>(&local), sizeof local) == 0 &&
                     ::connect(fd_, reinterpret_cast<sockaddr *>(&server), sizeof server) == 0;
    }
    ~RawSocket() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawSocket(const RawSocket &) = delete;
    RawSocket &operator=(const RawSocket &) = delete;

    bool connected() const { return connected_; }
    void send(std::string_view bytes) {
        [[maybe_unused]] auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    }
    // Sends as much of `bytes` as the server takes by the deadline: one that
    // stops reading must not hang the test. True if all of it went out.
    bool send_within(std::string_view bytes, Clock::time_point deadline) {
        while (!bytes.empty() && Clock::now() < deadline) {
            pollfd p{.fd = fd_, .events = POLLOUT, .revents = 0};
            if (::poll(&p, 1, 10) <= 0) continue;
            const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return false;
            if (n > 0) bytes.remove_prefix(static_cast<size_t>(n));
        }
        return bytes.empty();
    }
    // Reads until `text` has arrived; nullopt if it does not by the deadline
    // or the server closes first.
    std::optional<std::string> read_until(std::string_view text, Clock::time_point deadline) {
        std::string got;
        while (got.find(text) == std::string::npos) {
            // What has arrived is read even past the deadline, so one
            // deadline can serve several sockets read in turn.
            pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
            if (::poll(&p, 1, 10) <= 0) {
                if (Clock::now() >= deadline) return std::nullopt;
                continue;
            }
            char buffer[512];
            const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) return std::nullopt;
            got.append(buffer, static_cast<size_t>(n));
        }
        return got;
    }
    // What arrived before the server closed, or nullopt if it did not close by the deadline.
    std::optional<std::string> read_to_close(Clock::time_point deadline) {
        std::string got;
        while (Clock::now() < deadline) {
            pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (::poll(&p, 1, static_cast<int>(left.count()) + 1) <= 0) continue;
            char buffer[512];
            const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) return got;
            got.append(buffer, static_cast<size_t>(n));
        }
        return std::nullopt;
    }

private:
    int fd_ = -1;
    bool connected_ = false;
};

std::vector<std::unique_ptr<RawSocket>> open_sockets(uint16_t port, int count, const char *from) {
    std::vector<std::unique_ptr<RawSocket>> sockets;
    for (int i = 0; i < count; ++i) {
        sockets.push_back(std::make_unique<RawSocket>(port, from));
        // Half of them start a request and never finish it (a slowloris).
        if (i % 2) sockets.back()->send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    }
    return sockets;
}

bool is_503(const std::optional<std::string> &answer) {
    return answer && answer->starts_with("HTTP/1.1 503");
}

// AddressSanitizer keeps freed memory in quarantine, so there RSS counts
// everything ever allocated rather than what is held.
#ifdef __SANITIZE_ADDRESS__
constexpr bool kRssIsHeldMemory = false;
#else
constexpr bool kRssIsHeldMemory = true;
#endif

std::optional<long> rss_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    return std::nullopt;
}

// Peak RSS of a process, sampled every 5 ms while it lives.
class RssPeak {
public:
    explicit RssPeak(pid_t pid) : baseline_(rss_kib(pid).value_or(0)), peak_(baseline_) {
        sampler_.emplace([this, pid](std::stop_token stop) {
            while (!stop.stop_requested()) {
                peak_ = std::max(peak_.load(), rss_kib(pid).value_or(0));
                std::this_thread::sleep_for(5ms);
            }
        });
    }
    // Stops sampling and expects the peak within `mib` of the baseline.
    void expect_growth_below(long mib) {
        sampler_.reset();
        const long growth = (peak_ - baseline_) / 1024;
        if (kRssIsHeldMemory) {
            EXPECT_LT(growth, mib) << "RSS grew by " << growth << " MiB";
        }
    }

private:
    long baseline_;
    std::atomic<long> peak_;
    std::optional<std::jthread> sampler_;
};

class LimitsTest : public IntegrationTest {
protected:
    // Whether a new client gets its upgrade within the time, answered 503
    // (not left hanging) by a server still full until then.
    bool connects_within(std::chrono::milliseconds time) {
        const auto deadline = Clock::now() + time;
        for (int attempt = 0; attempt < 200 && Clock::now() < deadline; ++attempt) {
            WsClient &ws = new_client();
            const ConnectResult result = ws.connect({.port = server().port(), .timeout = 5s});
            if (result.ok) return true;
            EXPECT_EQ(result.http_status, 503) << result.error;
            std::this_thread::sleep_for(50ms); // between attempts, not a wait for the result
        }
        return false;
    }
};

TEST_F(LimitsTest, IdleSocketsFromOneAddressDoNotLockOutAnother) {
    start({.server = "handshake_timeout_seconds = 2\nmax_handshakes_per_address = 8\n"
                     "max_connections = 20\n"});
    auto idle = open_sockets(server().port(), 40, "127.0.0.2");
    for (auto &s : idle)
        ASSERT_TRUE(s->connected());
    // The other address is served at once, while 127.0.0.2 holds its sockets.
    connect_guest({.timeout = 5s});
    // Past its cap 127.0.0.2 was answered 503 at once, and the sockets it
    // was allowed are closed at the handshake timeout.
    const auto deadline = Clock::now() + 10s;
    int refused = 0;
    for (auto &s : idle) {
        const auto answer = s->read_to_close(deadline);
        ASSERT_TRUE(answer) << "an idle socket was not closed";
        refused += is_503(answer);
    }
    EXPECT_EQ(refused, 40 - 8);
    EXPECT_NE(server().log_text().find("refused connection from 127.0.0.2 with 503: too many "
                                       "handshakes from address"),
              std::string::npos);
}

TEST_F(LimitsTest, IdleSocketsFromTheSameAddressOnlyDelayANewClient) {
    start({.server = "handshake_timeout_seconds = 1\nmax_handshakes_per_address = 8\n"});
    auto idle = open_sockets(server().port(), 8, "127.0.0.1");
    // Loopback is not special: the new client waits for the idle sockets'
    // handshake timeout.
    EXPECT_TRUE(connects_within(10s));
}

// Two connections are allowed; the third upgrade is answered 503.
struct SecondConnectionBound {
    const char *name;
    const char *server;
    const char *logged;
};

class ConnectionBoundTest : public IntegrationTest,
                            public ::testing::WithParamInterface<SecondConnectionBound> {};

TEST_P(ConnectionBoundTest, ThirdUpgradeGets503) {
    start({.server = GetParam().server});
    connect_guest();
    connect_guest();
    WsClient &third = new_client();
    const ConnectResult result = third.connect({.port = server().port()});
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.http_status, 503) << result.error;
    EXPECT_NE(server().log_text().find(GetParam().logged), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Bounds, ConnectionBoundTest,
    ::testing::Values(SecondConnectionBound{"PerAddress", "max_connections_per_address = 2\n",
                                            "too many connections from address"},
                      SecondConnectionBound{"FullServer", "max_connections = 2\n",
                                            "refused WebSocket upgrade: too many connections"}),
    ParamName{});

TEST_F(LimitsTest, SmallOpenFileLimitLowersMaxConnectionsAndRefusesPastIt) {
    // 128 descriptors: 32 reserved, 96 sockets, 64 of them WebSocket connections.
    start({.server = "max_handshakes_per_address = 1000\n", .open_file_limit = 128});
    EXPECT_NE(server().log_text().find("open-file limit 128 (ulimit -n) holds 64 connections: "
                                       "max_connections lowered from 10000"),
              std::string::npos);
    auto sockets = open_sockets(server().port(), 110, "127.0.0.1");
    // Past 96 sockets (they are accepted in order) every new one is answered
    // 503 and closed, where accept() would have failed and libwebsockets
    // would have spun on it.
    const auto deadline = Clock::now() + 5s;
    for (size_t i = 96; i < sockets.size(); ++i)
        EXPECT_TRUE(is_503(sockets[i]->read_to_close(deadline))) << "socket " << i;
    // Their sockets closed, the others find room again.
    sockets.clear();
    EXPECT_TRUE(connects_within(5s));
    const std::string log = server().log_text();
    EXPECT_EQ(log.find("accept: errno"), std::string::npos);
    EXPECT_LT(log.size(), 16u * 1024) << "the log grew as if chatd spun";
}

// ---- the pipeline's input queue ----

class InputBudgetTest : public IntegrationTest {
protected:
    static void SetUpTestSuite() {
        plugins_ = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_BEHAVIOUR_PLUGIN});
    }
    static void TearDownTestSuite() { plugins_.reset(); }
    static std::unique_ptr<TempDir> plugins_;
};
std::unique_ptr<TempDir> InputBudgetTest::plugins_;

TEST_F(InputBudgetTest, FloodWhilePipelineIsHeldKeepsMemoryBounded) {
    // Each connection alone may queue 64 messages; only the 2 MiB for all
    // connections together stops 16 × 24 messages of 32 KB (12 MB) piling up,
    // which grew the server by 20 MiB without it. The budget leaves room for
    // the 16 messages each flooder is paused in the middle of (512 KB), which
    // are shed past half of it.
    start({.server = "input_queue_bytes = 2097152\nconnection_input_bytes = 67108864\n",
           .plugin_dir = plugins_->path(),
           .pipeline = {"fixture_behaviour", "rooms"}});
    constexpr int kClients = 16;
    constexpr int kFrames = 24;
    std::vector<Guest *> flooders;
    for (int i = 0; i < kClients; ++i)
        flooders.push_back(&connect_guest());
    Guest &control = connect_guest();
    RssPeak rss(server().pid());

    const std::string pad(32'000, 'x');
    for (Guest *g : flooders) {
        // Holds this connection's frames in the pipeline until the release.
        g->ws.send_json({{"type", "hold"}, {"id", "held"}});
        for (int i = 0; i < kFrames; ++i)
            g->ws.send_json({{"type", "ping"}, {"id", i}, {"pad", pad}});
    }
    EXPECT_TRUE(answers_ping(control.ws));
    request(control.ws, {{"type", "release"}});
    // Nothing was lost: reading resumed and every frame was answered.
    for (Guest *g : flooders)
        EXPECT_TRUE(g->ws.wait_for(has_fields({{"type", "pong"}, {"id", kFrames - 1}}), 30s));
    rss.expect_growth_below(10);
}

// ---- messages and HTTP bodies that are never finished ----

// A WebSocket client (from 127.0.0.2) that upgrades, then sends the header of
// a text frame of `announced` bytes and only `sent` bytes of its payload.
std::unique_ptr<RawSocket> half_send_message(uint16_t port, size_t announced, size_t sent,
                                             Clock::time_point deadline) {
    auto s = std::make_unique<RawSocket>(port, "127.0.0.2");
    s->send("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n");
    if (!s->read_until("\r\n\r\n", deadline)) return s;
    // FIN + text, masked with a zero key, 64-bit length.
    std::string frame = {'\x81', '\xff'};
    for (int shift = 56; shift >= 0; shift -= 8)
        frame += static_cast<char>((announced >> shift) & 0xff);
    frame += std::string(4, '\0');
    frame += std::string(sent, 'x');
    s->send_within(frame, deadline);
    return s;
}

// The close frame chatd sends when it sheds a half-read message.
const std::string kServerBusyClose = std::string("\x88\x0d\x03\xf0", 4) + "server busy";

// Half of input_queue_bytes is 512 KiB: two half-sent messages of 500 KB are
// already over it. Without counting them, 40 of them held 20 MB.
constexpr const char *kHalfSentConfig =
    "input_queue_bytes = 1048576\nmax_message_bytes = 524288\nmax_http_body_bytes = 524288\n"
    "max_connections_per_address = 100\nmax_handshakes_per_address = 100\n";
constexpr int kHalfSenders = 40;
constexpr size_t kHalfSentBytes = 500'000;

::testing::AssertionResult pongs_within(WsClient &ws, std::chrono::milliseconds bound) {
    const auto sent = Clock::now();
    if (!answers_ping(ws)) return ::testing::AssertionFailure() << "no pong";
    const auto took = Clock::now() - sent;
    if (took > bound)
        return ::testing::AssertionFailure()
               << "pong after "
               << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
    return ::testing::AssertionSuccess();
}

TEST_F(LimitsTest, HalfSentMessagesAreShedAndDoNotStarveOthers) {
    start({.server = kHalfSentConfig});
    Guest &bystander = connect_guest();
    RssPeak rss(server().pid());
    const auto deadline = Clock::now() + 10s;
    std::vector<std::unique_ptr<RawSocket>> senders;
    for (int i = 0; i < kHalfSenders; ++i)
        senders.push_back(half_send_message(server().port(), 520'000, kHalfSentBytes, deadline));
    EXPECT_TRUE(pongs_within(bystander.ws, 2s));
    request(bystander.ws, {{"type", "message"}, {"text", "still here"}});
    // All but the last one or two are closed with 1008 "server busy": two
    // half-sent messages are already over half the budget.
    // One deadline for all: the few that are not shed wait it out once.
    const auto closes_by = Clock::now() + 3s;
    int shed = 0;
    for (auto &s : senders)
        shed += s->read_until(kServerBusyClose, closes_by).has_value();
    EXPECT_GE(shed, kHalfSenders - 2);
    rss.expect_growth_below(10);
    // Once they are gone, the whole budget is there again: a large message
    // (over a chat line's size, so not read while the budget is full) goes through.
    senders.clear();
    Guest &large = connect_guest();
    large.ws.send_json({{"type", "ping"}, {"id", "large"}, {"pad", std::string(400'000, 'p')}});
    EXPECT_TRUE(large.ws.wait_for(has_fields({{"type", "pong"}, {"id", "large"}})));
    EXPECT_NE(server().log_text().find("closing the one with the largest"), std::string::npos);
}

class HalfSentBodyTest : public IntegrationTest {
protected:
    static void SetUpTestSuite() { plugins_ = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_HTTP_PLUGIN}); }
    static void TearDownTestSuite() { plugins_.reset(); }
    static std::unique_ptr<TempDir> plugins_;
};
std::unique_ptr<TempDir> HalfSentBodyTest::plugins_;

TEST_F(HalfSentBodyTest, HalfSentBodiesAreAnswered503AndDoNotStarveOthers) {
    start({.server = kHalfSentConfig,
           .plugin_dir = plugins_->path(),
           .pipeline = {"rooms", "fixture_http"}});
    Guest &bystander = connect_guest();
    RssPeak rss(server().pid());
    const auto deadline = Clock::now() + 10s;
    std::vector<std::unique_ptr<RawSocket>> senders;
    for (int i = 0; i < kHalfSenders; ++i) {
        auto s = std::make_unique<RawSocket>(server().port(), "127.0.0.2");
        s->send("POST /fixture/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 520000\r\n\r\n");
        s->send_within(std::string(kHalfSentBytes, 'b'), deadline);
        senders.push_back(std::move(s));
    }
    EXPECT_TRUE(pongs_within(bystander.ws, 2s));
    const auto answered_by = Clock::now() + 3s;
    int refused = 0;
    for (auto &s : senders)
        refused += s->read_until("HTTP/1.1 503", answered_by).has_value();
    EXPECT_GE(refused, kHalfSenders - 2);
    rss.expect_growth_below(10);
    senders.clear();
    HttpClient client;
    ASSERT_TRUE(client.connect(server().port()));
    ASSERT_TRUE(client.send(http_request("POST", "/fixture/echo", {}, std::string(400'000, 'b'))));
    const auto answer = client.read_response();
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 200);
}

} // namespace
} // namespace chatd::test
