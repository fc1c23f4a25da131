// The process around the protocol: shutdown on a signal, --version and
// --check-config, including config files that once crashed the TOML parser.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"

#include <csignal>
#include <cstring>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace chatd::test {
namespace {

class ShutdownTest : public IntegrationTest, public ::testing::WithParamInterface<int> {};

TEST_P(ShutdownTest, ClosesEveryClientWith1001AndExitsZero) {
    start();
    const std::vector<Guest *> guests{&connect_guest(), &connect_guest(), &connect_guest()};

    server().signal(GetParam());
    for (auto *guest : guests) {
        EXPECT_EQ(guest->ws.expect_close(ChatdProcess::exit_timeout), 1001) << guest->user;
    }
    const auto status = server().wait_exit();
    ASSERT_TRUE(status) << "chatd is still running";
    EXPECT_EQ(status->code, 0) << *status;
}

INSTANTIATE_TEST_SUITE_P(LifecycleTest, ShutdownTest, ::testing::Values(SIGTERM, SIGINT),
                         [](const auto &param) { return std::string(sigabbrev_np(param.param)); });

using Clock = std::chrono::steady_clock;

// Stalled clients (they stop reading, with a small receive window) behind a
// backlog: far more room messages queued for them than their sockets hold.
class BackloggedShutdownTest : public IntegrationTest {
protected:
    static constexpr int kMessages = 500;
    static constexpr size_t kTextBytes = 32 * 1024; // 16 MB in all per member

    void start_backlogged(int shutdown_timeout_ms, int stalled_count) {
        start({.server = "shutdown_timeout_ms = " + std::to_string(shutdown_timeout_ms) +
                         "\nsend_queue_bytes = 67108864\nmax_message_bytes = 1048576\n"
                         "rate_limit_per_second = 100000\nrate_limit_burst = 100000\n",
               .rooms = "max_text_bytes = 65536\n"});
        for (int i = 0; i < stalled_count; ++i)
            stalled.push_back(&connect_guest({.receive_buffer_bytes = 4096}));
        auto &sender = connect_guest();
        auto &probe = connect_guest();
        const std::string text(kTextBytes, 'x');
        for (int i = 0; i < kMessages; ++i)
            sender.ws.send_json({{"type", "message"}, {"text", text}});
        // Once the probe has every message, every member's queue has them too.
        for (int seen = 0; seen < kMessages;) {
            const auto frame = probe.ws.recv_json(10s);
            ASSERT_TRUE(frame) << seen << " messages arrived";
            if ((*frame)["type"] == "message") ++seen;
        }
    }

    // Waits until the server has logged `text`.
    bool logged(std::string_view text) {
        const auto deadline = Clock::now() + 10s;
        while (Clock::now() < deadline) {
            if (server().log_text().find(text) != std::string::npos) return true;
            std::this_thread::sleep_for(10ms);
        }
        return false;
    }

    std::vector<Guest *> stalled;
};

// The 1001 jumps each client's send queue, and what is still queued at
// shutdown_timeout_ms is dropped, so a backlog cannot hold the process.
TEST_F(BackloggedShutdownTest, ClosesEveryClientAheadOfItsBacklogAndKeepsTheDeadline) {
    constexpr int timeout_ms = 1000;
    start_backlogged(timeout_ms, 3);

    const auto signalled = Clock::now();
    server().signal(SIGTERM);
    struct Seen {
        int messages = 0;
        std::optional<std::uint16_t> close;
    };
    // Read side by side: each client's close is written only as its socket drains.
    std::vector<std::future<Seen>> reading;
    for (Guest *guest : stalled)
        reading.push_back(std::async(std::launch::async, [guest] {
            Seen seen;
            while (guest->ws.recv(5s))
                ++seen.messages;
            seen.close = guest->ws.expect_close(1s);
            return seen;
        }));
    const auto status = server().wait_exit(std::chrono::milliseconds(timeout_ms) + 5s);
    ASSERT_TRUE(status) << "chatd is still running";
    EXPECT_EQ(status->code, 0) << *status;
    EXPECT_LT(Clock::now() - signalled, std::chrono::milliseconds(timeout_ms) + 5s);
    for (size_t i = 0; i < reading.size(); ++i) {
        const Seen seen = reading[i].get();
        EXPECT_EQ(seen.close, 1001) << stalled[i]->user;
        // What the sockets held already arrives first; the queue behind it does not.
        EXPECT_LT(seen.messages, kMessages / 2) << stalled[i]->user;
    }
}

TEST_F(BackloggedShutdownTest, ASecondSignalExitsAtOnce) {
    // Stalled clients whose sockets never drain would hold this shutdown for a minute.
    start_backlogged(60000, 1);
    server().signal(SIGTERM);
    ASSERT_TRUE(logged("received SIGTERM, shutting down"));
    server().signal(SIGINT);
    const auto status = server().wait_exit(5s);
    ASSERT_TRUE(status) << "chatd is still running";
    EXPECT_NE(status->code.value_or(0), 0) << *status;
    EXPECT_TRUE(logged("received SIGINT again, exiting now"));
}

TEST(LifecycleTest, VersionPrintsTheNameAndVersion) {
    const auto result = run_chatd({"--version"});
    EXPECT_EQ(result.status.code, 0) << result.status << "\n" << result.output;
    EXPECT_NE(result.output.find("chatd 0.1.0"), std::string::npos) << result.output;
}

// Exited by itself with a non-zero code: refused the input without crashing.
::testing::AssertionResult refused(const RunResult &result) {
    if (result.status.code.value_or(0) != 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << result.status << "; output:\n" << result.output;
}

class CheckConfigTest : public ::testing::Test {
protected:
    // Writes `config` to a file and runs chatd --check-config on it.
    RunResult check(std::string_view config) {
        config_path_ = dir_.write("chatd.toml", config);
        return run_chatd({"--check-config", "--config", config_path_.string()});
    }

    // How an error on `line` of the checked file begins: file:line:column.
    std::string location(int line) const {
        return config_path_.string() + ":" + std::to_string(line) + ":";
    }

    TempDir dir_;

private:
    std::filesystem::path config_path_;
};

TEST_F(CheckConfigTest, AcceptsAValidFile) {
    const auto result = check("[server]\nport = 0\n\n[plugins]\ndir = '" +
                              build_plugin_dir().string() + "'\npipeline = [\"rooms\"]\n");
    EXPECT_EQ(result.status.code, 0) << result.status << "\n" << result.output;
}

TEST_F(CheckConfigTest, NamesTheLineAndKeyOfAnError) {
    const auto result = check("[server]\nprot = 1\n");
    EXPECT_TRUE(refused(result));
    EXPECT_NE(result.output.find(location(2)), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("prot"), std::string::npos) << result.output;
}

TEST_F(CheckConfigTest, ChecksAPluginTableAgainstWhatThePluginDeclares) {
    const auto result = check("[plugins]\ndir = '" + build_plugin_dir().string() +
                              "'\n\n[plugins.rooms]\nmax_text_bytes = \"big\"\n");
    EXPECT_TRUE(refused(result));
    EXPECT_NE(result.output.find(location(5)), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("max_text_bytes"), std::string::npos) << result.output;
    // The table belongs to a plugin that exists; only its value is wrong.
    EXPECT_EQ(result.output.find("configures no plugin"), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find("pipeline names"), std::string::npos) << result.output;
}

TEST_F(CheckConfigTest, ListingNamesTheMisconfiguredPluginAndItsFile) {
    const std::string text = "[plugins]\ndir = '" + build_plugin_dir().string() +
                             "'\n\n[plugins.rooms]\nmax_text_bytes = \"big\"\n";
    TempDir dir;
    const auto config = dir.write("chatd.toml", text);
    RunResult result = run_chatd({"--config", config.string(), "--list-plugins"});
    EXPECT_EQ(result.status.code, 2) << result.output;
    const std::string line = "refused  " + (build_plugin_dir() / "rooms.so").string() +
                             ": invalid [plugins.rooms]: " + config.string() + ":5:";
    EXPECT_NE(result.output.find(line), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("max_text_bytes"), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find("refused  config:"), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find("pipeline names"), std::string::npos) << result.output;
}

TEST_F(CheckConfigTest, RefusesATableForAPluginThatIsNotThere) {
    const auto result = check("[plugins]\ndir = '" + build_plugin_dir().string() +
                              "'\n\n[plugins.romos]\ndefault_room = \"x\"\n");
    EXPECT_TRUE(refused(result));
    EXPECT_NE(result.output.find(location(4)), std::string::npos) << result.output;
    EXPECT_NE(result.output.find("[plugins.romos] configures no plugin"), std::string::npos)
        << result.output;
}

// Both inputs crashed toml++ in some versions; each comes with and without a
// final newline because such crashes tend to sit at the end of the input.
struct CrashInput {
    std::string name;
    std::string config;
};

class ParserCrashInputTest : public CheckConfigTest,
                             public ::testing::WithParamInterface<CrashInput> {};

TEST_P(ParserCrashInputTest, IsAnErrorOnLineOneNotACrash) {
    const auto result = check(GetParam().config);
    EXPECT_TRUE(refused(result));
    EXPECT_NE(result.output.find(location(1)), std::string::npos) << result.output;
}

INSTANTIATE_TEST_SUITE_P(LifecycleTest, ParserCrashInputTest,
                         ::testing::Values(CrashInput{"AtSignTable", "[@server]"},
                                           CrashInput{"AtSignTableNewline", "[@server]\n"},
                                           CrashInput{"CyrillicAfterValue", "key = 1 \xd0\x8c"},
                                           CrashInput{"CyrillicAfterValueNewline",
                                                      "key = 1 \xd0\x8c\n"}),
                         ParamName{});

// Without --config chatd runs on its defaults, which must be valid. Only
// --check-config is run: the default port 8080 may be taken on this machine.
TEST_F(CheckConfigTest, WithoutAConfigFileTheDefaultsAreValid) {
    const auto result = run_chatd({"--check-config"}, dir_.path());
    EXPECT_EQ(result.status.code, 0) << result.status << "\n" << result.output;
}

} // namespace
} // namespace chatd::test
