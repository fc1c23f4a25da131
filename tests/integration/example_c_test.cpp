// The C example plugin in front of rooms: it rewrites /shrug and answers
// uptime, and everything else passes through to rooms.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <thread>

namespace chatd::test {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

class ExampleCTest : public IntegrationTest {
protected:
    // example_c is built outside the plugins directory, so the suite puts it
    // and rooms in a directory of their own. One directory serves every test
    // and outlives their servers.
    static void SetUpTestSuite() {
        plugins_ = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_EXAMPLE_C_PLUGIN});
    }
    static void TearDownTestSuite() { plugins_.reset(); }

    void SetUp() override {
        started_ = Clock::now();
        start({.plugin_dir = plugins_->path(), .pipeline = {"example_c", "rooms"}});
    }

    // Whole seconds since just before the server started: the most uptime can say.
    std::int64_t seconds_since_start() const {
        return std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started_).count();
    }

    static std::unique_ptr<TempDir> plugins_;
    Clock::time_point started_;
};

std::unique_ptr<TempDir> ExampleCTest::plugins_;

TEST_F(ExampleCTest, ShrugIsRewrittenForEveryone) {
    auto &sender = connect_guest();
    auto &listener = connect_guest();
    request(sender.ws, {{"type", "message"}, {"room", "lobby"}, {"text", "/shrug"}});
    for (auto *guest : {&sender, &listener}) {
        const auto message = guest->ws.wait_for(has_fields({{"type", "message"}}));
        ASSERT_TRUE(message);
        EXPECT_EQ((*message)["text"], "¯\\_(ツ)_/¯");
    }
}

TEST_F(ExampleCTest, OtherTextPassesUnchanged) {
    auto &sender = connect_guest();
    request(sender.ws, {{"type", "message"}, {"room", "lobby"}, {"text", "/shrug please"}});
    const auto message = sender.ws.wait_for(has_fields({{"type", "message"}}));
    ASSERT_TRUE(message);
    EXPECT_EQ((*message)["text"], "/shrug please");
}

// The plugin's timer adds one every second after on_init, so the count never
// runs ahead of the time since the server started, and it goes up.
TEST_F(ExampleCTest, UptimeCountsTheSecondsSinceStart) {
    auto &guest = connect_guest();
    const auto uptime = [&] {
        const auto reply = request(guest.ws, {{"type", "uptime"}});
        EXPECT_EQ(reply["type"], "uptime");
        if (!reply.contains("seconds") || !reply["seconds"].is_number_integer())
            throw std::runtime_error("uptime without integer seconds: " + reply.dump());
        return reply["seconds"].get<std::int64_t>();
    };
    const auto first = uptime();
    EXPECT_LE(first, seconds_since_start());

    // No frame announces a tick: ask at a short interval until the deadline.
    const auto deadline = Clock::now() + 5s;
    auto later = first;
    while (later == first && Clock::now() < deadline) {
        std::this_thread::sleep_for(100ms);
        later = uptime();
    }
    EXPECT_GT(later, first);
    EXPECT_LE(later, seconds_since_start());
}

} // namespace
} // namespace chatd::test
