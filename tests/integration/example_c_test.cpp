// The C example plugin in front of rooms: it rewrites /shrug and answers
// uptime, and everything else passes through to rooms.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"

#include <filesystem>
#include <memory>

namespace chatd::test {
namespace {

using nlohmann::json;

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
        start({.plugin_dir = plugins_->path(), .pipeline = {"example_c", "rooms"}});
    }

    static std::unique_ptr<TempDir> plugins_;
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

TEST_F(ExampleCTest, UptimeIsAnswered) {
    auto &guest = connect_guest();
    const auto uptime = request(guest.ws, {{"type", "uptime"}});
    EXPECT_EQ(uptime["type"], "uptime");
    ASSERT_TRUE(uptime.contains("seconds") && uptime["seconds"].is_number_integer()) << uptime;
    EXPECT_GE(uptime["seconds"].get<std::int64_t>(), 0);
}

} // namespace
} // namespace chatd::test
