// The copy-me C example, loaded from its .so as the server would.
#include <fake_host.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;
using namespace nlohmann::literals;

class ExampleCTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_EQ(host.load(CHATD_EXAMPLE_C_PLUGIN), ""); }
    chatd::fake::FakeHost host;
};

TEST_F(ExampleCTest, LogsAtInfoOnInit) {
    const auto logs = host.logs();
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_EQ(logs[0].level, CHATD_LOG_INFO);
}

TEST_F(ExampleCTest, ShrugBecomesTheConfiguredTextAndGoesOn) {
    const chatd_conn_id alice = host.connect();
    EXPECT_EQ(host.run_frame(alice, R"({"type":"message","room":"lobby","text":"/shrug"})"),
              CHATD_STAGE_CONTINUE);
    EXPECT_EQ(host.last_frame()["text"], "¯\\_(ツ)_/¯");
}

TEST_F(ExampleCTest, OtherMessagesAndTypesPassUntouched) {
    const chatd_conn_id alice = host.connect();
    for (const char *frame :
         {R"({"type":"message","text":"/shrug please"})", R"({"type":"message","text":7})",
          R"({"type":"message"})", R"({"type":"ping","id":1})"}) {
        EXPECT_EQ(host.run_frame(alice, frame), CHATD_STAGE_CONTINUE) << frame;
        EXPECT_EQ(host.last_frame(), json::parse(frame));
    }
    EXPECT_TRUE(host.outbox(alice).empty());
}

TEST_F(ExampleCTest, UptimeCountsWholeSecondsSinceInit) {
    const chatd_conn_id alice = host.connect();
    EXPECT_EQ(host.run_frame(alice, R"({"type":"uptime","id":"u"})"), CHATD_STAGE_HANDLED);
    host.advance(999);
    host.run_frame(alice, R"({"type":"uptime","id":"u"})");
    host.advance(2001);
    host.run_frame(alice, R"({"type":"uptime","id":"u"})");
    EXPECT_EQ(host.take(alice),
              (std::vector<json>{R"({"type":"uptime","seconds":0,"id":"u"})"_json,
                                 R"({"type":"uptime","seconds":0,"id":"u"})"_json,
                                 R"({"type":"uptime","seconds":3,"id":"u"})"_json}));
}

TEST_F(ExampleCTest, CancelsItsTimerOnShutdown) {
    EXPECT_EQ(host.active_timers(), 1u);
    host.shutdown();
    EXPECT_EQ(host.timers_left_at_shutdown(), 0u);
}

TEST(ExampleCConfig, ShrugIsConfigurable) {
    chatd::fake::FakeHost host;
    host.set_config_string("shrug", "meh");
    ASSERT_EQ(host.load(CHATD_EXAMPLE_C_PLUGIN), "");
    const chatd_conn_id alice = host.connect();
    host.run_frame(alice, R"({"type":"message","text":"/shrug"})");
    EXPECT_EQ(host.last_frame()["text"], "meh");
}

} // namespace
