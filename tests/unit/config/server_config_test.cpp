#include "config_test_support.hpp"

namespace chatd::config::test {
namespace {

TEST(ServerConfig, ReadsEveryKey) {
    const Config config = load_ok(R"([server]
host = "0.0.0.0"
port = 0
path = "/ws/v1"
max_message_bytes = 128
send_queue_bytes = 1073741824
reply_queue_bytes = 1073741824
max_http_body_bytes = 0
max_connections = 1000000
ping_interval_seconds = 3600
idle_timeout_seconds = 65535
allowed_origins = ["https://chat.example.com", "http://localhost:3000"]
rate_limit_per_second = 2.5
rate_limit_burst = 4294967295
reply_cost_bytes = 256
log_level = "off"
shutdown_timeout_ms = 0
max_connections_per_address = 1
max_handshakes_per_address = 1000000
handshake_timeout_seconds = 300
input_queue_bytes = 17179869184
connection_input_bytes = 4096
close_timeout_seconds = 60
io_threads = 64
permessage_deflate = true
)");
    const ServerConfig &s = config.server;
    EXPECT_EQ(s.host, "0.0.0.0");
    EXPECT_EQ(s.port, 0);
    EXPECT_EQ(s.path, "/ws/v1");
    EXPECT_EQ(s.max_message_bytes, 128u);
    EXPECT_EQ(s.send_queue_bytes, 1073741824u);
    EXPECT_EQ(s.reply_queue_bytes, 1073741824u);
    EXPECT_EQ(s.max_http_body_bytes, 0u);
    EXPECT_EQ(s.max_connections, 1000000u);
    EXPECT_EQ(s.ping_interval_seconds, 3600u);
    EXPECT_EQ(s.idle_timeout_seconds, 65535u);
    EXPECT_EQ(s.allowed_origins,
              (std::vector<std::string>{"https://chat.example.com", "http://localhost:3000"}));
    EXPECT_EQ(s.rate_limit_per_second, 2.5);
    EXPECT_EQ(s.rate_limit_burst, 4294967295u);
    EXPECT_EQ(s.reply_cost_bytes, 256u);
    EXPECT_EQ(s.log_level, "off");
    EXPECT_EQ(s.shutdown_timeout_ms, 0u);
    EXPECT_EQ(s.max_connections_per_address, 1u);
    EXPECT_EQ(s.max_handshakes_per_address, 1000000u);
    EXPECT_EQ(s.handshake_timeout_seconds, 300u);
    EXPECT_EQ(s.input_queue_bytes, 17179869184u);
    EXPECT_EQ(s.connection_input_bytes, 4096u);
    EXPECT_EQ(s.close_timeout_seconds, 60u);
    EXPECT_EQ(s.io_threads, 64u);
    EXPECT_TRUE(s.permessage_deflate);
}

TEST(ServerConfig, UnknownKeyIsReportedAtTheKey) {
    const auto errors = load_errors("[server]\nport = 1\n  prot = 8080\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_TRUE(has_error(errors, 3, 3, "unknown key 'prot' in [server]"));
    EXPECT_EQ(errors[0].file, config_path);
}

TEST(ServerConfig, TablesInsideServerAreUnknownKeys) {
    const auto errors = load_errors("[server.tls]\ncert = \"x\"\n");
    EXPECT_TRUE(has_error(errors, 1, 9, "unknown key 'tls' in [server]"));
}

TEST(ServerConfig, WrongTypeIsReportedAtTheValue) {
    const auto errors = load_errors(R"([server]
port = "8080"
host = 1
allowed_origins = "https://chat.example.com"
max_connections = 10.0
rate_limit_per_second = "fast"
permessage_deflate = "yes"
)");
    ASSERT_EQ(errors.size(), 6u);
    EXPECT_TRUE(has_error(errors, 2, 8, "'port' must be an integer"));
    EXPECT_TRUE(has_error(errors, 3, 8, "'host' must be a string"));
    EXPECT_TRUE(has_error(errors, 4, 19, "'allowed_origins' must be an array of strings"));
    EXPECT_TRUE(has_error(errors, 5, 19, "'max_connections' must be an integer"));
    EXPECT_TRUE(has_error(errors, 6, 25, "'rate_limit_per_second' must be a number"));
    EXPECT_TRUE(has_error(errors, 7, 22, "'permessage_deflate' must be a boolean"));
}

TEST(ServerConfig, IntegersOutOfRangeNameTheBounds) {
    const auto errors = load_errors(R"([server]
port = 65536
max_message_bytes = 127
send_queue_bytes = 1073741825
max_connections = 0
ping_interval_seconds = 3601
rate_limit_burst = 4294967296
shutdown_timeout_ms = -1
max_http_body_bytes = 67108865
max_connections_per_address = 0
max_handshakes_per_address = 1000001
handshake_timeout_seconds = 0
input_queue_bytes = 65535
connection_input_bytes = 1073741825
reply_cost_bytes = 255
reply_queue_bytes = 0
close_timeout_seconds = 0
)");
    ASSERT_EQ(errors.size(), 16u);
    EXPECT_TRUE(has_error(errors, 2, 8, "'port' must be between 0 and 65535, got 65536"));
    EXPECT_TRUE(has_error(errors, 3, 21, "between 128 and 16777216, got 127"));
    EXPECT_TRUE(has_error(errors, 4, 20, "between 4096 and 1073741824, got 1073741825"));
    EXPECT_TRUE(has_error(errors, 5, 19, "between 1 and 1000000, got 0"));
    EXPECT_TRUE(has_error(errors, 6, 25, "between 1 and 3600, got 3601"));
    EXPECT_TRUE(has_error(errors, 7, 20, "between 1 and 4294967295, got 4294967296"));
    EXPECT_TRUE(has_error(errors, 8, 23, "between 0 and 60000, got -1"));
    EXPECT_TRUE(has_error(errors, 9, 23, "between 0 and 67108864, got 67108865"));
    EXPECT_TRUE(has_error(errors, 10, 31, "between 1 and 1000000, got 0"));
    EXPECT_TRUE(has_error(errors, 11, 30, "between 1 and 1000000, got 1000001"));
    EXPECT_TRUE(has_error(errors, 12, 29, "between 1 and 300, got 0"));
    EXPECT_TRUE(has_error(errors, 13, 21, "between 65536 and 17179869184, got 65535"));
    EXPECT_TRUE(has_error(errors, 14, 26, "between 4096 and 1073741824, got 1073741825"));
    EXPECT_TRUE(has_error(errors, 15, 20, "between 256 and 1073741824, got 255"));
    EXPECT_TRUE(has_error(errors, 16, 21, "between 1 and 1073741824, got 0"));
    EXPECT_TRUE(has_error(errors, 17, 25, "between 1 and 60, got 0"));
}

TEST(ServerConfig, IntegerBeyondTomlRangeIsAParseError) {
    const auto errors = load_errors("[server]\nport = 99999999999999999999\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 2u);
}

TEST(ServerConfig, RateTakesAnInteger) {
    EXPECT_EQ(load_ok("[server]\nrate_limit_per_second = 20\n").server.rate_limit_per_second, 20.0);
}

TEST(ServerConfig, RateMustBeFiniteAndPositive) {
    for (const char *rate : {"0.0", "-1.5", "inf", "nan", "0"}) {
        const auto errors = load_errors(std::string("[server]\nrate_limit_per_second = ") + rate);
        EXPECT_TRUE(has_error(errors, 2, 25, "must be a finite number greater than 0")) << rate;
    }
}

TEST(ServerConfig, IdleTimeoutMustExceedPingInterval) {
    auto errors = load_errors("[server]\nping_interval_seconds = 30\nidle_timeout_seconds = 30\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_TRUE(has_error(errors, 3, 24,
                          "'idle_timeout_seconds' (30) must be greater than "
                          "'ping_interval_seconds' (30)"));

    // Only the ping interval was set: the error points at it.
    errors = load_errors("[server]\nping_interval_seconds = 90\n");
    EXPECT_TRUE(has_error(errors, 2, 25, "(60) must be greater than 'ping_interval_seconds' (90)"));
}

TEST(ServerConfig, MessagesAndBodiesMustFitHalfTheInputBudget) {
    auto errors = load_errors("[server]\ninput_queue_bytes = 65536\nmax_message_bytes = 32769\n");
    ASSERT_EQ(errors.size(), 2u) << describe(errors);
    EXPECT_TRUE(has_error(errors, 3, 21,
                          "'max_message_bytes' (32769) must be at most half of "
                          "'input_queue_bytes' (65536)"));
    // The body's default is over half as well; the file sets only the budget.
    EXPECT_TRUE(has_error(errors, 2, 21, "'max_http_body_bytes' (1048576) must be at most half"));
    const Config fits = load_ok("[server]\ninput_queue_bytes = 65536\nmax_message_bytes = 32768\n"
                                "max_http_body_bytes = 32768\n");
    EXPECT_EQ(fits.server.max_message_bytes, 32768u);
}

TEST(ServerConfig, RejectedTimeoutIsNotComparedAgain) {
    const auto errors =
        load_errors("[server]\nping_interval_seconds = 0\nidle_timeout_seconds = 1\n");
    ASSERT_EQ(errors.size(), 2u) << describe(errors);
    EXPECT_TRUE(has_error(errors, 2, 25, "between 1 and 3600"));
    EXPECT_TRUE(has_error(errors, 3, 24, "between 2 and 65535"));
}

TEST(ServerConfig, ReplyQueueIsAShareOfTheSendQueue) {
    auto errors = load_errors("[server]\nsend_queue_bytes = 65536\nreply_queue_bytes = 65537\n");
    ASSERT_EQ(errors.size(), 1u) << describe(errors);
    EXPECT_TRUE(has_error(
        errors, 3, 21, "'reply_queue_bytes' (65537) must be at most 'send_queue_bytes' (65536)"));
    // Against the default send queue too.
    EXPECT_TRUE(has_error(load_errors("[server]\nreply_queue_bytes = 1048577\n"), 2, 21,
                          "must be at most 'send_queue_bytes' (1048576)"));
    EXPECT_EQ(load_ok("[server]\nsend_queue_bytes = 65536\nreply_queue_bytes = 65536\n")
                  .server.reply_queue_bytes,
              65536u);
    // A rejected send queue is not compared again.
    errors = load_errors("[server]\nsend_queue_bytes = 1\nreply_queue_bytes = 2000000\n");
    ASSERT_EQ(errors.size(), 1u) << describe(errors);
    EXPECT_TRUE(has_error(errors, 2, 20, "between 4096 and 1073741824, got 1"));
}

TEST(ServerConfig, UnsetReplyQueueFollowsASmallerSendQueueDown) {
    EXPECT_EQ(load_ok("[server]\nsend_queue_bytes = 4096\n").server.reply_queue_bytes, 4096u);
    EXPECT_EQ(load_ok("[server]\nsend_queue_bytes = 1073741824\n").server.reply_queue_bytes,
              262144u);
}

TEST(ServerConfig, PathMustBeAPlainUrlPath) {
    EXPECT_TRUE(has_error(load_errors("[server]\npath = \"chat\""), 2, 8, "must start with '/'"));
    EXPECT_TRUE(has_error(load_errors("[server]\npath = \"\""), 2, 8, "must start with '/'"));
    for (const char *path : {"/a b", "/chat?x=1", "/chat#top", "/caf\xc3\xa9"})
        EXPECT_TRUE(has_error(load_errors(std::string("[server]\npath = \"") + path + "\""), 2, 8,
                              "must be a plain URL path"))
            << path;
}

TEST(ServerConfig, HostMustNotBeEmpty) {
    EXPECT_TRUE(has_error(load_errors("[server]\nhost = \"\""), 2, 8, "'host' must not be empty"));
}

TEST(ServerConfig, LogLevelMustBeKnown) {
    EXPECT_TRUE(has_error(load_errors("[server]\nlog_level = \"verbose\""), 2, 13,
                          "must be one of trace, debug, info, warn, error, off"));
    for (const char *level : {"trace", "debug", "info", "warn", "error", "off"})
        EXPECT_EQ(load_ok(std::string("[server]\nlog_level = \"") + level + "\"").server.log_level,
                  level);
}

TEST(ServerConfig, OriginsMustBeBareLowercaseOrigins) {
    const auto errors = load_errors(R"([server]
allowed_origins = ["https://ok.example.com:8443", "https://chat.example.com/", "ftp://x",
                   "https://Chat.example.com", "https://", "chat.example.com"]
)");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_TRUE(has_error(errors, 2, 19,
                          "not 'https://chat.example.com/', 'ftp://x', "
                          "'https://Chat.example.com', 'https://', 'chat.example.com'"));
}

TEST(ServerConfig, EveryErrorIsReportedInFileOrder) {
    const auto errors = load_errors(R"(
[server]
port = "x"
path = "nope"
unknown = 1
[plugins]
pipeline = ["Bad"]
)");
    ASSERT_EQ(errors.size(), 4u) << describe(errors);
    EXPECT_EQ(errors[0].line, 3u);
    EXPECT_EQ(errors[1].line, 4u);
    EXPECT_EQ(errors[2].line, 5u);
    EXPECT_EQ(errors[3].line, 7u);
}

TEST(ServerConfig, ServerMustBeATable) {
    EXPECT_TRUE(has_error(load_errors("server = 1\n"), 1, 10, "'server' must be a table"));
    EXPECT_TRUE(has_error(load_errors("[[server]]\nport = 1\n"), 1, 1, "'server' must be a table"));
}

TEST(ServerConfig, InlineAndDottedFormsWork) {
    EXPECT_EQ(load_ok("server = { port = 9000 }").server.port, 9000);
    EXPECT_EQ(load_ok("server.port = 9001").server.port, 9001);
}

} // namespace
} // namespace chatd::config::test
