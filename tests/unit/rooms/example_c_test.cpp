// The copy-me C example, loaded from its .so as the server would: alone, and
// behind the rooms plugin, which makes `message` frames room messages.
#include <chatd/test_host.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace {

using chatd::test::LogLine;
using chatd::test::TestHost;
using nlohmann::json;
using namespace nlohmann::literals;
using Frames = std::vector<json>;

bool from_example(const LogLine &line) { return line.message.starts_with("[example_c] "); }

class ExampleCTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_EQ(host.load(CHATD_EXAMPLE_C_PLUGIN), ""); }
    chatd_conn_id arrive() {
        const chatd_conn_id conn = host.connect();
        host.take(conn); // the hello
        return conn;
    }
    TestHost host;
};

TEST_F(ExampleCTest, LogsAtInfoOnInit) {
    std::vector<LogLine> logs = host.logs();
    std::erase_if(logs, [](const LogLine &l) { return !from_example(l); });
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_EQ(logs[0].level, CHATD_LOG_INFO);
}

TEST_F(ExampleCTest, OtherFramesReachTheHostUntouched) {
    const chatd_conn_id alice = arrive();
    // With no plugin making messages room messages, the host answers them.
    for (const char *frame :
         {R"({"type":"message","text":"/shrug please","id":1})",
          R"({"type":"message","text":7,"id":1})", R"({"type":"message","id":1})"}) {
        const Frames answer = host.run_frame(alice, frame);
        ASSERT_EQ(answer.size(), 1u) << frame;
        EXPECT_EQ(answer[0]["code"], "unknown_type") << frame;
    }
    EXPECT_EQ(host.run_frame(alice, R"({"type":"ping","id":1})"),
              Frames{R"({"type":"pong","id":1})"_json});
}

TEST_F(ExampleCTest, UptimeCountsWholeSecondsSinceInit) {
    const chatd_conn_id alice = arrive();
    const json zero = R"({"type":"uptime","seconds":0,"id":"u"})"_json;
    EXPECT_EQ(host.run_frame(alice, R"({"type":"uptime","id":"u"})"), Frames{zero});
    host.advance(999);
    EXPECT_EQ(host.run_frame(alice, R"({"type":"uptime","id":"u"})"), Frames{zero});
    host.advance(2001);
    EXPECT_EQ(host.run_frame(alice, R"({"type":"uptime","id":"u"})"),
              Frames{R"({"type":"uptime","seconds":3,"id":"u"})"_json});
}

TEST_F(ExampleCTest, ShutsDownQuietly) {
    host.shutdown();
    const std::vector<LogLine> logs = host.logs();
    EXPECT_TRUE(std::any_of(logs.begin(), logs.end(), [](const LogLine &l) {
        return l.message == "plugin example_c shut down";
    }));
    EXPECT_TRUE(std::none_of(logs.begin(), logs.end(),
                             [](const LogLine &l) { return l.level >= CHATD_LOG_WARN; }));
}

// The text a message of `text` is delivered with, with example_c behind rooms.
std::string delivered(TestHost &host, std::string_view text) {
    const chatd_conn_id alice = host.connect();
    host.take(alice); // hello and joined
    const json frame = {{"type", "message"}, {"text", text}};
    const Frames got = host.run_frame(alice, frame.dump());
    if (got.empty() || got[0]["type"] != "message") {
        ADD_FAILURE() << "no message delivered: " << json(got).dump();
        return "";
    }
    return got[0]["text"];
}

TEST(ExampleCWithRooms, ShrugBecomesTheConfiguredTextAndGoesOn) {
    TestHost host;
    ASSERT_EQ(host.load(CHATD_ROOMS_PLUGIN), "");
    ASSERT_EQ(host.load(CHATD_EXAMPLE_C_PLUGIN), "");
    EXPECT_EQ(delivered(host, "/shrug"), "¯\\_(ツ)_/¯");
    EXPECT_EQ(delivered(host, "/shrug please"), "/shrug please");
}

TEST(ExampleCWithRooms, ShrugIsConfigurable) {
    TestHost host;
    ASSERT_EQ(host.load(CHATD_ROOMS_PLUGIN), "");
    host.set_config_string("shrug", "meh");
    ASSERT_EQ(host.load(CHATD_EXAMPLE_C_PLUGIN), "");
    EXPECT_EQ(delivered(host, "/shrug"), "meh");
}

} // namespace
