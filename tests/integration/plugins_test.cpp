// Plugins as an operator meets them: a directory of good and broken .so files,
// and the pipeline's pause/resume and failure handling seen from a client.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"

#include <arpa/inet.h>
#include <chatd/plugin_abi.h>
#include <csignal>
#include <filesystem>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace chatd::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const fs::path kFixtureDir = CHATD_ABI_FIXTURE_DIR;

std::string abi(int major, int minor) {
    return "ABI " + std::to_string(major) + "." + std::to_string(minor);
}
// The versions the newer fixtures claim, relative to this build's header.
const std::string kHostAbi = abi(CHATD_ABI_MAJOR, CHATD_ABI_MINOR);
const std::string kNextMajor = abi(CHATD_ABI_MAJOR + 1, CHATD_ABI_MINOR);
const std::string kNextMinor = abi(CHATD_ABI_MAJOR, CHATD_ABI_MINOR + 1);

// ---- chatd --list-plugins over the ABI fixtures ----

struct Refusal {
    const char *name;
    const char *file;
    std::vector<const char *> reason; // every fact the one line must state
};

class ListPluginsTest : public ::testing::TestWithParam<Refusal> {
protected:
    static void SetUpTestSuite() {
        TempDir dir;
        fs::path config = dir.write("chatd.toml", "[plugins]\ndir = \"" + kFixtureDir.string() +
                                                      "\"\npipeline = [\"fixture_good\"]\n");
        listing_ = new RunResult(run_chatd({"--config", config.string(), "--list-plugins"}));
    }
    static void TearDownTestSuite() { delete listing_; }
    static RunResult *listing_;
};
RunResult *ListPluginsTest::listing_ = nullptr;

TEST_P(ListPluginsTest, ExplainsTheRefusalInOneLine) {
    const Refusal &r = GetParam();
    // Starting from a std::string keeps GCC 12 at -O3 from a -Wrestrict false
    // positive in the insert-at-front that "/" + std::string(...) inlines to.
    auto lines = lines_with(listing_->output, std::string("/") + r.file + ":");
    ASSERT_EQ(lines.size(), 1u) << listing_->output;
    EXPECT_EQ(lines[0].rfind("refused  ", 0), 0u) << lines[0];
    for (const char *fact : r.reason)
        EXPECT_NE(lines[0].find(fact), std::string::npos) << lines[0];
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ListPluginsTest,
    ::testing::Values(
        Refusal{"NewerMajor",
                "fixture_newer_major.so",
                {kNextMajor.c_str(), kHostAbi.c_str(), "major versions differ", "plugin is newer"}},
        Refusal{"NewerMinor",
                "fixture_newer_minor.so",
                {kNextMinor.c_str(), kHostAbi.c_str(), "plugin is newer"}},
        Refusal{"NoEntrySymbol", "fixture_no_entry.so", {"no entry symbol", "chatd_plugin_entry"}},
        Refusal{"NotALibrary", "not_a_library.so", {"not a shared library"}},
        Refusal{"MissingCapability", "fixture_missing_capability.so", {"capability 'teleport'"}},
        Refusal{"Declined", "fixture_decline.so", {"declined"}},
        Refusal{"DescriptorTooSmall", "fixture_too_small.so", {"descriptor is smaller"}},
        Refusal{"DuplicateName",
                "fixture_zz_duplicate.so",
                {"duplicate plugin name 'fixture_good'", "fixture_good.so"}}),
    ParamName{});

TEST(ListPlugins, ShowsLoadablePluginsAndExitsTwoWhenAnyIsRefused) {
    TempDir dir;
    fs::path config = dir.write("chatd.toml", "[plugins]\ndir = \"" + kFixtureDir.string() +
                                                  "\"\npipeline = [\"fixture_good\"]\n");
    RunResult r = run_chatd({"--config", config.string(), "--list-plugins"});
    EXPECT_EQ(r.status.code, 2) << r.output;
    auto good = lines_with(r.output, "fixture_good.so");
    ASSERT_FALSE(good.empty()) << r.output;
    EXPECT_EQ(good[0].rfind("ok       fixture_good", 0), 0u) << good[0];
    EXPECT_NE(good[0].find(kHostAbi + "  handle"), std::string::npos) << good[0];
    // init is not run by a listing, so a plugin whose init fails is listed as loadable.
    EXPECT_EQ(lines_with(r.output, "fixture_init_fail.so")[0].rfind("ok ", 0), 0u) << r.output;
}

TEST(ListPlugins, BuildPluginDirectoryLoadsCleanly) {
    RunResult r = run_chatd({"--list-plugins"});
    EXPECT_EQ(r.status.code, 0) << r.output;
    EXPECT_EQ(lines_with(r.output, "ok       rooms").size(), 1u) << r.output;
}

// ---- a server started over a directory with broken plugins ----

class BrokenPluginsTest : public IntegrationTest {
protected:
    // The ABI fixtures but the one whose init fails, which stops chatd.
    static std::unique_ptr<TempDir> fixtures_that_load() {
        auto dir = std::make_unique<TempDir>();
        for (const fs::directory_entry &entry : fs::directory_iterator(kFixtureDir))
            if (entry.path().filename() != "fixture_init_fail.so")
                fs::copy_file(entry.path(), dir->path() / entry.path().filename());
        return dir;
    }
    static constexpr const char *kRefusedFiles[] = {
        "fixture_newer_major.so", "fixture_newer_minor.so",  "fixture_no_entry.so",
        "not_a_library.so",       "fixture_decline.so",      "fixture_missing_capability.so",
        "fixture_too_small.so",   "fixture_zz_duplicate.so",
    };
};

TEST_F(BrokenPluginsTest, ServerStartsWithTheGoodOnesAndLogsEachRefusalAsError) {
    const auto plugins = fixtures_that_load();
    start({.plugin_dir = plugins->path(), .pipeline = {"fixture_good"}});
    const std::string log = server().log_text();
    for (const char *file : kRefusedFiles) {
        auto lines = lines_with(log, std::string("/") + file + ":");
        ASSERT_EQ(lines.size(), 1u) << file << "\n" << log;
        EXPECT_NE(lines[0].find(" error refused plugin "), std::string::npos) << lines[0];
    }

    WsClient &ws = new_client();
    ASSERT_TRUE(ws.connect({.port = server().port()}));
    ASSERT_TRUE(ws.wait_for(has_fields({{"type", "hello"}})));
    json reply = request(ws, {{"type", "fixture"}});
    EXPECT_EQ(reply, json({{"type", "fixture"}, {"id", reply["id"]}, {"plugin", "fixture_good"}}));
}

// A plugin that loaded but cannot work would leave chatd serving without it
// (history storing nothing, say), so its failed init stops chatd.
TEST_F(BrokenPluginsTest, APluginWhoseInitFailsStopsChatdNamingItAndItsReason) {
    const RunResult r = run_chatd_with({.plugin_dir = kFixtureDir, .pipeline = {"fixture_good"}});
    EXPECT_EQ(r.status.code, 1) << r.output;
    const auto lines = lines_with(r.output, "cannot start:");
    ASSERT_EQ(lines.size(), 1u) << r.output;
    EXPECT_NE(lines[0].find(" error cannot start: plugin fixture_init_fail from "),
              std::string::npos)
        << lines[0];
    EXPECT_NE(lines[0].find("/fixture_init_fail.so: init failed: database unreachable"),
              std::string::npos)
        << lines[0];
    EXPECT_TRUE(lines_with(r.output, "listening on").empty()) << r.output;
    // A file that is no chatd plugin, or of the wrong ABI, is still only skipped.
    for (const char *file : kRefusedFiles)
        EXPECT_EQ(lines_with(r.output, std::string("/") + file + ":").size(), 1u) << file;
}

// ---- pause, resume and failures inside the pipeline ----

class PipelineTest : public IntegrationTest {
protected:
    static void SetUpTestSuite() {
        plugins_ = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_BEHAVIOUR_PLUGIN});
    }
    static void TearDownTestSuite() { plugins_.reset(); }
    void SetUp() override {
        start({.plugin_dir = plugins_->path(), .pipeline = {"fixture_behaviour", "rooms"}});
    }
    static json release(WsClient &ws, int expected) {
        json r = request(ws, {{"type", "release"}});
        EXPECT_EQ(r["type"], "released");
        EXPECT_EQ(r["count"], expected);
        return r;
    }
    static std::unique_ptr<TempDir> plugins_;
};
std::unique_ptr<TempDir> PipelineTest::plugins_;

TEST_F(PipelineTest, PausedFrameHoldsOnlyItsOwnConnection) {
    auto &a = connect_guest();
    auto &b = connect_guest();
    a.ws.send_json({{"type", "hold"}, {"id", "held"}});
    a.ws.send_json({{"type", "ping"}, {"id", "after"}});
    // b is served while a's frame is paused...
    EXPECT_TRUE(answers_ping(b.ws));
    release(b.ws, 1);
    // ...and a's frames finish in the order sent: the held one (which carried
    // on to the terminal, which does not know "hold") before the ping.
    auto first = a.ws.wait_for([](const json &f) { return f.contains("id"); });
    ASSERT_TRUE(first);
    EXPECT_EQ((*first)["id"], "held");
    EXPECT_EQ((*first)["code"], "unknown_type");
    auto second = a.ws.wait_for([](const json &f) { return f.contains("id"); });
    ASSERT_TRUE(second);
    EXPECT_EQ(*second, json({{"type", "pong"}, {"id", "after"}}));
}

TEST_F(PipelineTest, ResumedMessageRunsTheLaterStagesAndIsPublished) {
    auto &a = connect_guest();
    auto &b = connect_guest();
    a.ws.send_json({{"type", "message"}, {"text", "hold"}, {"id", "m"}});
    EXPECT_FALSE(arrives_before_pong(b.ws, has_fields({{"type", "message"}})));
    release(b.ws, 1);
    for (auto *guest : {&a, &b}) {
        auto message = guest->ws.wait_for(has_fields({{"type", "message"}}));
        ASSERT_TRUE(message);
        EXPECT_EQ((*message)["room"], "lobby"); // resolved by rooms before the pause
        EXPECT_EQ((*message)["seq"], 1);
        EXPECT_EQ((*message)["from"], a.user);
    }
    EXPECT_TRUE(a.ws.wait_for(has_fields({{"type", "ack"}, {"id", "m"}, {"seq", 1}})));
}

TEST_F(PipelineTest, ResumeWithRejectSendsThePluginsError) {
    auto &a = connect_guest();
    auto &b = connect_guest();
    a.ws.send_json({{"type", "hold_reject"}, {"id", 7}});
    release(b.ws, 1);
    auto error = a.ws.wait_for(has_fields({{"id", 7}}));
    ASSERT_TRUE(error);
    EXPECT_EQ(*error, json({{"type", "error"},
                            {"id", 7},
                            {"code", "forbidden"},
                            {"message", "held and rejected"}}));
}

TEST_F(PipelineTest, ResumeForAClosedConnectionIsDropped) {
    auto &a = connect_guest();
    auto &b = connect_guest();
    a.ws.send_json({{"type", "hold"}, {"id", "gone"}});
    a.ws.drop();
    ASSERT_TRUE(b.ws.wait_for(has_fields({{"type", "presence"}, {"event", "leave"}})));
    release(b.ws, 1);
    EXPECT_TRUE(answers_ping(b.ws));
    server().signal(SIGTERM);
    auto status = server().wait_exit();
    ASSERT_TRUE(status);
    EXPECT_EQ(status->code, 0) << *status;
}

TEST_F(PipelineTest, AnAnswerFromAnotherThreadReachesThePausedFrame) {
    auto &a = connect_guest();
    a.ws.send_json({{"type", "slow_echo"}, {"text", "later"}, {"id", "e"}});
    a.ws.send_json({{"type", "ping"}, {"id", "behind"}});
    auto echo = a.ws.wait_for(has_fields({{"id", "e"}}));
    ASSERT_TRUE(echo);
    EXPECT_EQ(*echo, json({{"type", "echo"}, {"id", "e"}, {"text", "later"}}));
    EXPECT_TRUE(a.ws.wait_for(has_fields({{"type", "pong"}, {"id", "behind"}})));
}

TEST_F(PipelineTest, StageThatThrowsAnswersInternalAndTheConnectionLivesOn) {
    auto &a = connect_guest();
    auto error = request(a.ws, {{"type", "boom"}});
    EXPECT_EQ(error["type"], "error");
    EXPECT_EQ(error["code"], "internal");
    EXPECT_TRUE(answers_ping(a.ws));
    EXPECT_EQ(lines_with(server().log_text(), "on_frame threw: boom requested").size(), 1u);
}

// ---- idle connections ----

// A raw socket that completes the WebSocket handshake and then never reads
// nor answers the server's pings, as a vanished peer behind a NAT would.
class SilentPeer {
public:
    explicit SilentPeer(uint16_t port) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = connect(fd_, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
        const std::string upgrade =
            "GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        connected_ = connected_ && write(fd_, upgrade.data(), upgrade.size()) ==
                                       static_cast<ssize_t>(upgrade.size());
    }
    ~SilentPeer() { ::close(fd_); }
    bool connected() const { return connected_; }
    // Reads (and ignores) whatever arrives until the server ends the TCP
    // connection; false if it is still open at the deadline.
    bool closed_by_server_within(std::chrono::milliseconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        char buf[4096];
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 100) > 0 && read(fd_, buf, sizeof buf) <= 0) return true;
        }
        return false;
    }

private:
    int fd_ = -1;
    bool connected_ = false;
};

class IdleTest : public IntegrationTest {};

TEST_F(IdleTest, PeerThatNeverAnswersPingsIsClosedAfterTheIdleTimeout) {
    start({.server = "ping_interval_seconds = 1\nidle_timeout_seconds = 2\n"});
    SilentPeer peer(server().port());
    ASSERT_TRUE(peer.connected());
    EXPECT_TRUE(peer.closed_by_server_within(10s));
}

} // namespace
} // namespace chatd::test
