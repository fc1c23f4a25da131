#include "options.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <vector>

namespace chatd::bench {
namespace {

std::variant<Options, std::string> parse(std::vector<const char *> args) {
    args.insert(args.begin(), "chat_bench");
    return parse_options(static_cast<int>(args.size()), args.data());
}

TEST(ChatBenchOptions, ReadsTheUrlAndTheMode) {
    const auto parsed = parse({"--url", "ws://127.0.0.1:9000/chat", "--mode", "join-storm",
                               "--connections", "300", "--rate", "0", "--quiet-wait"});
    ASSERT_TRUE(std::holds_alternative<Options>(parsed)) << std::get<std::string>(parsed);
    const auto &o = std::get<Options>(parsed);
    EXPECT_EQ(o.port, 9000);
    EXPECT_EQ(o.path, "/chat");
    EXPECT_EQ(o.mode, Mode::join_storm);
    EXPECT_EQ(o.connections, 300u);
    EXPECT_EQ(o.rate, 0.0);
    EXPECT_TRUE(o.quiet_wait);
    EXPECT_GT(o.deadline, o.seconds);
}

TEST(ChatBenchOptions, OnlyLoopback) {
    EXPECT_TRUE(std::holds_alternative<Options>(parse({"--url", "ws://127.0.0.2:80/"})));
    EXPECT_TRUE(std::holds_alternative<Options>(parse({"--url", "ws://localhost:80/x"})));
    for (const char *url : {"ws://10.0.0.1:80/chat", "ws://example.com:80/chat",
                            "wss://127.0.0.1:80/chat", "ws://127.0.0.1/chat"})
        EXPECT_TRUE(std::holds_alternative<std::string>(parse({"--url", url}))) << url;
}

TEST(ChatBenchOptions, RefusesWhatCannotRun) {
    EXPECT_TRUE(std::holds_alternative<std::string>(parse({"--mode", "nope"})));
    EXPECT_TRUE(std::holds_alternative<std::string>(parse({"--connections", "0"})));
    EXPECT_TRUE(std::holds_alternative<std::string>(parse({"--connections"})));
    EXPECT_TRUE(std::holds_alternative<std::string>(parse({"--rate", "-1"})));
    EXPECT_TRUE(
        std::holds_alternative<std::string>(parse({"--protocol", "raw", "--mode", "history"})));
}

} // namespace
} // namespace chatd::bench
