// The descriptors the server plans for its clients: when they run out anyway
// (a plugin holding files), accept() backs off instead of spinning and waiting
// clients are answered; and HTTP clients share max_connections with
// WebSocket ones.
#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"
#include "support/http_client.hpp"

#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace chatd::test {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// CPU time the process has used, user and system, from /proc/<pid>/stat.
std::chrono::milliseconds cpu_time(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // The command name may hold spaces; the fields after it do not.
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string skip;
    for (int field = 3; field < 14; ++field)
        fields >> skip;
    long user = 0;
    long system = 0;
    fields >> user >> system;
    return std::chrono::milliseconds((user + system) * 1000 / ::sysconf(_SC_CLK_TCK));
}

size_t count_of(const std::string &text, std::string_view what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

class FdBudgetTest : public IntegrationTest {
protected:
    // Whether a new client gets its upgrade within the time.
    bool connects_within(std::chrono::milliseconds time) {
        const auto deadline = Clock::now() + time;
        for (int attempt = 0; attempt < 100 && Clock::now() < deadline; ++attempt) {
            if (new_client().connect({.port = server().port(), .timeout = 2s}).ok) return true;
            std::this_thread::sleep_for(50ms); // between attempts, not a wait for the result
        }
        return false;
    }
};

TEST_F(FdBudgetTest, OutOfDescriptorsTheServerBacksOffAnswersAndAcceptsAgainLater) {
    auto plugins = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_BEHAVIOUR_PLUGIN});
    start({.plugin_dir = plugins->path(),
           .pipeline = {"fixture_behaviour", "rooms"},
           .open_file_limit = 128});
    Guest &guest = connect_guest();
    guest.ws.send_json({{"type", "hog_fds"}});
    ASSERT_TRUE(guest.ws.wait_for(has_fields({{"type", "hogged"}})));

    const pid_t pid = server().pid();
    const auto cpu_before = cpu_time(pid);
    const auto began = Clock::now();
    // Clients keep coming while no descriptor is left; each is answered 503
    // (from the spare descriptor) or closed, none is left hanging.
    int refused = 0;
    for (int i = 0; i < 4; ++i) {
        const auto tried = Clock::now();
        const ConnectResult result = new_client().connect({.port = server().port(), .timeout = 3s});
        EXPECT_FALSE(result.ok);
        EXPECT_LT(Clock::now() - tried, 2500ms) << "a client was left hanging: " << result.error;
        refused += result.http_status == 503;
        // Everyone already in is still served meanwhile.
        guest.ws.send_json({{"type", "ping"}, {"id", i}});
        EXPECT_TRUE(guest.ws.wait_for(has_fields({{"type", "pong"}, {"id", i}})));
    }
    EXPECT_GE(refused, 1);
    const auto window = Clock::now() - began;
    const auto cpu_used = cpu_time(pid) - cpu_before;
    // Spinning on the listen socket took a whole core.
    EXPECT_LT(cpu_used, std::chrono::duration_cast<std::chrono::milliseconds>(window) / 4)
        << "over " << std::chrono::duration_cast<std::chrono::milliseconds>(window).count()
        << " ms";

    const std::string log = server().log_text();
    const size_t pauses = count_of(log, "cannot accept clients: Too many open files");
    EXPECT_GE(pauses, 1u);
    // One line per pause, and pauses of at least 100 ms.
    EXPECT_LE(pauses, static_cast<size_t>(window / 100ms) + 1);
    EXPECT_EQ(log.find("accept: errno"), std::string::npos);

    guest.ws.send_json({{"type", "free_fds"}});
    ASSERT_TRUE(guest.ws.wait_for(has_fields({{"type", "freed"}})));
    EXPECT_TRUE(connects_within(5s));
    EXPECT_NE(server().log_text().find("accepting clients again"), std::string::npos);
}

TEST_F(FdBudgetTest, HttpConnectionsShareMaxConnectionsWithWebSocketOnes) {
    auto plugins = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_HTTP_PLUGIN});
    start({.server = "max_connections = 2\n",
           .plugin_dir = plugins->path(),
           .pipeline = {"rooms", "fixture_http"}});
    HttpClient stream;
    ASSERT_TRUE(stream.connect(server().port()));
    ASSERT_TRUE(stream.send(http_request("GET", "/fixture/feed")));
    ASSERT_TRUE(stream.read_head());
    ASSERT_TRUE(stream.read_until(": open\n\n"));
    connect_guest();

    // An open stream and a WebSocket client: the server is full for both kinds.
    HttpClient late;
    ASSERT_TRUE(late.connect(server().port()));
    ASSERT_TRUE(late.send(http_request("GET", "/fixture/echo/a")));
    const auto refused = late.read_response();
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 503);
    const ConnectResult upgrade = new_client().connect({.port = server().port()});
    EXPECT_FALSE(upgrade.ok);
    EXPECT_EQ(upgrade.http_status, 503) << upgrade.error;
    EXPECT_NE(server().log_text().find("refused HTTP request: too many connections"),
              std::string::npos);

    // The stream's end gives its place back.
    stream.close();
    int status = 0;
    const auto deadline = Clock::now() + 5s;
    while (status != 200 && Clock::now() < deadline) {
        HttpClient next;
        ASSERT_TRUE(next.connect(server().port()));
        ASSERT_TRUE(next.send(http_request("GET", "/fixture/echo/a")));
        const auto answer = next.read_response();
        status = answer ? answer->status : 0;
        if (status != 200) std::this_thread::sleep_for(20ms); // between attempts
    }
    EXPECT_EQ(status, 200);
}

} // namespace
} // namespace chatd::test
