// What the host itself promises on the wire: the greeting, ping, the error
// codes it produces, size and encoding limits, rate limiting, handshake
// checks and slow consumers. The rooms plugin is loaded because plain text
// and the greeting's auto-join go through it.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"

#include <string>
#include <thread>

namespace chatd::test {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

using ProtocolTest = IntegrationTest;

TEST_F(ProtocolTest, EveryConnectionIsGreetedWithItsGuestName) {
    start();
    const auto &first = connect_guest();
    const auto &second = connect_guest();
    for (const auto *guest : {&first, &second}) {
        const auto &hello = guest->hello;
        ASSERT_TRUE(hello.contains("conn") && hello["conn"].is_number_integer()) << hello;
        EXPECT_EQ(hello["user"], "guest-" + std::to_string(hello["conn"].get<std::int64_t>()));
        EXPECT_EQ(hello["protocol"], 1);
        EXPECT_EQ(hello["server"], "chatd 0.1.0");
    }
    EXPECT_NE(first.hello["conn"], second.hello["conn"]);
}

TEST_F(ProtocolTest, PongEchoesStringAndNumberIds) {
    start();
    auto &guest = connect_guest();
    for (const json &id : {json("abc"), json(""), json(42), json(3.5)}) {
        guest.ws.send_json({{"type", "ping"}, {"id", id}});
        const auto pong = guest.ws.recv_json();
        ASSERT_TRUE(pong);
        EXPECT_EQ(*pong, json({{"type", "pong"}, {"id", id}}));
    }
}

// Compared as text: a parsed comparison would round just as a reply could.
TEST_F(ProtocolTest, ANumericIdIsEchoedAsSentOrRefusedNeverRounded) {
    start();
    auto &guest = connect_guest();
    for (std::string_view id : {"18446744073709551615", "-9223372036854775808", "1.5", "0.1"}) {
        guest.ws.send_text(R"({"type":"ping","id":)" + std::string(id) + "}");
        EXPECT_EQ(guest.ws.recv(), R"({"type":"pong","id":)" + std::string(id) + "}");
    }
    for (std::string_view id : {"123456789012345678901234567890", "1.50", "1e2"}) {
        guest.ws.send_text(R"({"type":"ping","id":)" + std::string(id) + "}");
        const auto error = guest.ws.recv_json();
        ASSERT_TRUE(error) << id;
        EXPECT_EQ((*error)["code"], "bad_request") << *error;
        EXPECT_FALSE(error->contains("id")) << *error;
    }
}

// Every answer echoes the id, so a long one would make each small frame cost
// a large answer; it is refused, and not echoed.
TEST_F(ProtocolTest, AnIdOverTheCapIsRefusedWithoutBeingEchoed) {
    start();
    auto &guest = connect_guest();
    const std::string longest(126, 'i'); // 128 bytes of JSON with its quotes
    guest.ws.send_json({{"type", "ping"}, {"id", longest}});
    EXPECT_EQ(guest.ws.recv_json(), json({{"type", "pong"}, {"id", longest}}));
    for (const std::string &id : {longest + "i", std::string(60000, 'x')}) {
        guest.ws.send_json({{"type", "ping"}, {"id", id}});
        const auto error = guest.ws.recv_json();
        ASSERT_TRUE(error);
        EXPECT_EQ(*error, json({{"type", "error"},
                                {"code", "bad_request"},
                                {"message", "'id' is longer than 128 bytes of JSON"}}));
    }
    EXPECT_TRUE(answers_ping(guest.ws));
}

TEST_F(ProtocolTest, PongWithoutIdForPingWithoutId) {
    start();
    auto &guest = connect_guest();
    guest.ws.send_json({{"type", "ping"}});
    const auto pong = guest.ws.recv_json();
    ASSERT_TRUE(pong);
    EXPECT_EQ(*pong, json({{"type", "pong"}}));
}

TEST_F(ProtocolTest, BlanksBeforeTheBraceStillMakeAJsonFrame) {
    start();
    auto &guest = connect_guest();
    guest.ws.send_text(" \t\n{\"type\":\"ping\",\"id\":1}");
    EXPECT_TRUE(guest.ws.wait_for(has_fields({{"type", "pong"}, {"id", 1}})));
}

TEST_F(ProtocolTest, ErrorsEchoTheRequestId) {
    start();
    auto &guest = connect_guest();
    for (const json &id : {json("x1"), json(9)}) {
        guest.ws.send_json({{"type", "no_such_type"}, {"id", id}});
        const auto error = guest.ws.recv_json();
        ASSERT_TRUE(error);
        EXPECT_EQ(error->value("type", ""), "error");
        EXPECT_EQ(error->value("code", ""), "unknown_type");
        EXPECT_EQ((*error)["id"], id);
    }
}

struct BadInput {
    std::string name;
    std::string payload;
    bool binary;
    std::string code;
};

class BadInputTest : public IntegrationTest, public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadInputTest, IsAnsweredWithAnErrorAndNothingBreaks) {
    start();
    auto &sender = connect_guest();
    auto &bystander = connect_guest();
    const auto &input = GetParam();

    if (input.binary) {
        sender.ws.send_binary(input.payload);
    } else {
        sender.ws.send_text(input.payload);
    }
    const auto error = sender.ws.wait_for(has_fields({{"type", "error"}}));
    ASSERT_TRUE(error);
    EXPECT_EQ((*error)["code"], input.code);
    EXPECT_TRUE(error->contains("message") && (*error)["message"].is_string()) << *error;

    EXPECT_TRUE(answers_ping(sender.ws));
    EXPECT_TRUE(answers_ping(bystander.ws));
}

INSTANTIATE_TEST_SUITE_P(
    ProtocolTest, BadInputTest,
    ::testing::Values(BadInput{"InvalidJson", R"({"type":"ping",)", false, "bad_request"},
                      BadInput{"BlanksThenInvalidJson", " \t{oops", false, "bad_request"},
                      BadInput{"EmptyObject", "{}", false, "bad_request"},
                      BadInput{"NumericType", R"({"type":5})", false, "bad_request"},
                      BadInput{"NumberOverflow", R"({"type":"ping","n":1e999})", false,
                               "bad_request"},
                      BadInput{"UnknownType", R"({"type":"frobnicate"})", false, "unknown_type"},
                      BadInput{"BinaryFrame", R"({"type":"ping"})", true, "bad_request"}),
    ParamName{});

TEST_F(ProtocolTest, PlainTextIsAMessageFromTheGuestToTheLobby) {
    start();
    auto &sender = connect_guest();
    auto &listener = connect_guest();
    sender.ws.send_text("hello");
    for (auto *guest : {&sender, &listener}) {
        const auto message = guest->ws.wait_for(has_fields({{"type", "message"}}));
        ASSERT_TRUE(message);
        EXPECT_EQ((*message)["room"], "lobby");
        EXPECT_EQ((*message)["from"], sender.user);
        EXPECT_EQ((*message)["text"], "hello");
        EXPECT_EQ((*message)["seq"], 1);
        EXPECT_TRUE(is_timestamp((*message)["ts"])) << *message;
    }
}

// A ping padded to exactly `bytes` bytes.
std::string ping_of_size(std::size_t bytes) {
    const std::string head = R"({"type":"ping","pad":")";
    const std::string tail = R"("})";
    return head + std::string(bytes - head.size() - tail.size(), 'x') + tail;
}

constexpr std::size_t message_limit = 1024;

struct SizeCase {
    std::string name;
    std::size_t bytes;
    std::size_t fragment_bytes; // 0: one frame
};

class SizeLimitTest : public IntegrationTest, public ::testing::WithParamInterface<SizeCase> {};

// The limit counts the whole message, fragments together: up to it the
// message is answered, past it the connection is closed with 1009.
TEST_P(SizeLimitTest, MessagesPastTheLimitCloseTheConnection) {
    start({.server = "max_message_bytes = " + std::to_string(message_limit) + "\n"});
    auto &sender = connect_guest();
    auto &bystander = connect_guest();
    const auto &size = GetParam();
    const auto ping = ping_of_size(size.bytes);

    if (size.fragment_bytes == 0) {
        sender.ws.send_text(ping);
    } else {
        sender.ws.send_fragmented_text(ping, size.fragment_bytes);
    }
    if (size.bytes <= message_limit) {
        EXPECT_TRUE(sender.ws.wait_for(has_fields({{"type", "pong"}})));
    } else {
        EXPECT_EQ(sender.ws.expect_close(), 1009);
    }
    EXPECT_TRUE(answers_ping(bystander.ws));
}

INSTANTIATE_TEST_SUITE_P(ProtocolTest, SizeLimitTest,
                         ::testing::Values(SizeCase{"FrameAtTheLimit", message_limit, 0},
                                           SizeCase{"FrameOverTheLimit", message_limit + 1, 0},
                                           SizeCase{"FragmentsAtTheLimit", message_limit, 100},
                                           SizeCase{"FragmentsOverTheLimit", 3 * message_limit,
                                                    message_limit / 2}),
                         ParamName{});

TEST_F(ProtocolTest, InvalidUtf8TextClosesWith1007) {
    start();
    auto &sender = connect_guest();
    auto &bystander = connect_guest();
    sender.ws.send_text("{\"type\":\"ping\",\"id\":\"\xff\xfe\"}");
    EXPECT_EQ(sender.ws.expect_close(), 1007);
    EXPECT_TRUE(answers_ping(bystander.ws));
}

struct PeerClose {
    std::string name;
    std::string payload;
    std::uint16_t answer;
};

std::string code_payload(std::uint16_t code) {
    return {static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
}

class PeerCloseTest : public IntegrationTest, public ::testing::WithParamInterface<PeerClose> {};

// RFC 6455 §5.5.1 and §7.4: a client's close is echoed when it carries a
// code an endpoint may send; one byte, or any other code, is a protocol error.
TEST_P(PeerCloseTest, IsEchoedOnlyWhenItsCodeMayBeSent) {
    start();
    auto &closer = connect_guest();
    auto &bystander = connect_guest();
    closer.ws.send_close_frame(GetParam().payload);
    EXPECT_EQ(closer.ws.expect_close(), GetParam().answer);
    EXPECT_TRUE(answers_ping(bystander.ws));
}

INSTANTIATE_TEST_SUITE_P(ProtocolTest, PeerCloseTest,
                         ::testing::Values(PeerClose{"OneBytePayload", "\x03", 1002},
                                           PeerClose{"Code5000", code_payload(5000), 1002},
                                           PeerClose{"Code1005", code_payload(1005), 1002},
                                           PeerClose{"Code999", code_payload(999), 1002},
                                           PeerClose{"Code1000", code_payload(1000), 1000},
                                           PeerClose{"Code4000", code_payload(4000), 4000}),
                         ParamName{});

TEST_F(ProtocolTest, AFloodIsAnsweredOnceWithWhenToRetry) {
    constexpr int burst = 5;
    constexpr int sent = 30;
    // One token every two seconds: the flood is over long before the next one.
    start({.server =
               "rate_limit_per_second = 0.5\nrate_limit_burst = " + std::to_string(burst) + "\n"});
    auto &sender = connect_guest();
    auto &bystander = connect_guest();

    for (int i = 0; i < sent; ++i)
        sender.ws.send_json({{"type", "ping"}, {"id", i}});
    const auto limited =
        sender.ws.wait_for(has_fields({{"type", "error"}, {"code", "rate_limited"}}));
    ASSERT_TRUE(limited);
    EXPECT_EQ((*limited)["id"], burst) << "the first dropped frame is answered";
    const int64_t retry_after = (*limited)["retry_after_ms"].get<int64_t>();
    EXPECT_GT(retry_after, 0);
    EXPECT_LE(retry_after, 2000);
    EXPECT_TRUE(answers_ping(bystander.ws));

    // After the time it was told, the sender is served again; in between, the
    // rest of the flood got no answer at all.
    std::this_thread::sleep_for(std::chrono::milliseconds(retry_after + 50));
    sender.ws.send_json({{"type", "ping"}, {"id", "again"}});
    int pongs = 0;
    int errors = 1;
    for (;;) {
        auto frame = sender.ws.recv_json();
        ASSERT_TRUE(frame) << pongs << " pongs, " << errors << " errors";
        if ((*frame)["id"] == "again") {
            EXPECT_EQ((*frame)["type"], "pong");
            break;
        }
        if ((*frame)["type"] == "pong") ++pongs;
        if ((*frame)["type"] == "error") ++errors;
    }
    EXPECT_EQ(pongs, burst);
    EXPECT_EQ(errors, 1) << "one answer for " << sent - burst << " dropped frames";
}

TEST_F(ProtocolTest, HandshakeOnAnotherPathIsNotFound) {
    start();
    const auto result = new_client().connect({.port = server().port(), .path = "/elsewhere"});
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.http_status, 404) << result.error;
}

TEST_F(ProtocolTest, OnlyAllowedOriginsMayConnect) {
    start({.server = "allowed_origins = [\"http://good.example\"]\n"});
    const auto foreign =
        new_client().connect({.port = server().port(), .origin = "http://evil.example"});
    EXPECT_FALSE(foreign.ok);
    EXPECT_EQ(foreign.http_status, 403) << foreign.error;

    auto &allowed = connect_guest({.origin = "http://good.example"});
    EXPECT_TRUE(answers_ping(allowed.ws));
}

// Floods the lobby from `fast` until the server gives up on `slow`, which
// reads nothing meanwhile. Its kernel receive buffer is shrunk, but the
// server's kernel send buffer still takes megabytes before the server's own
// queue fills, so the messages are large. History is left out: a machine with
// a slow fsync would spend the deadline on durable acks.
class SlowConsumerTest : public IntegrationTest {
protected:
    void start_flooded(int close_timeout_seconds) {
        plugins_ = plugin_dir({CHATD_ROOMS_PLUGIN});
        start({.server = "send_queue_bytes = 1048576\nmax_message_bytes = 1048576\n"
                         "rate_limit_per_second = 100000\nrate_limit_burst = 100000\n"
                         "close_timeout_seconds = " +
                         std::to_string(close_timeout_seconds) + "\n",
               .rooms = "max_text_bytes = 524288\n",
               .plugin_dir = plugins_->path()});
    }

    // True once the server has logged that it is closing `slow`.
    bool flood(Guest &fast, const Guest &slow) {
        const std::string gave_up = "conn " + slow.hello["conn"].dump() + ": send queue over";
        const std::string text(256 * 1024, 'x');
        const auto echo = has_fields({{"type", "message"}, {"from", fast.user}});
        const auto deadline = Clock::now() + 30s;
        for (int i = 0; i < 500 && Clock::now() < deadline; ++i) {
            fast.ws.send_json({{"type", "message"}, {"text", text}, {"id", i}});
            // Taking the echo and then the ack keeps both the fast client's
            // queue on the server and its inbox here short.
            if (!fast.ws.wait_for(echo) ||
                !fast.ws.wait_for(has_fields({{"type", "ack"}, {"id", i}})))
                return false;
            if (server().log_text().find(gave_up) != std::string::npos) return true;
        }
        return false;
    }

    static WsClient::Predicate left(const Guest &guest) {
        return has_fields({{"type", "presence"}, {"user", guest.user}, {"event", "leave"}});
    }

private:
    std::unique_ptr<TempDir> plugins_;
};

// A client whose queue passes send_queue_bytes is closed with 1008, which it
// reads after everything it was sent before, and nobody else is held up.
TEST_F(SlowConsumerTest, IsClosedWith1008AndOthersKeepWorking) {
    start_flooded(60);
    auto &slow = connect_guest({.receive_buffer_bytes = 4096});
    auto &fast = connect_guest();
    ASSERT_TRUE(flood(fast, slow));
    EXPECT_TRUE(answers_ping(fast.ws));
    EXPECT_EQ(slow.ws.expect_close(30s), 1008);
    EXPECT_TRUE(fast.ws.wait_for(left(slow)));
}

// A client that never reads again cannot take its close frame either; after
// close_timeout_seconds it is dropped without one, so it does not stay in
// its rooms for good.
TEST_F(SlowConsumerTest, ThatNeverReadsAgainIsDroppedAfterTheCloseTimeout) {
    start_flooded(1);
    auto &slow = connect_guest({.receive_buffer_bytes = 4096});
    auto &fast = connect_guest();
    ASSERT_TRUE(flood(fast, slow));
    EXPECT_TRUE(fast.ws.wait_for(left(slow), 10s));
    EXPECT_TRUE(answers_ping(fast.ws));
}

} // namespace
} // namespace chatd::test
