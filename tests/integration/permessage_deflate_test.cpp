// permessage-deflate (RFC 7692), `[server] permessage_deflate`: off unless
// configured; when on, a client that offers it gets compressed messages and
// may send compressed ones, next to clients that did not offer it; and a
// message that inflates past max_message_bytes is refused like any other.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"
#include "support/http_client.hpp"

#include <gmock/gmock.h>
#include <string>

namespace chatd::test {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class PermessageDeflateTest : public IntegrationTest {
protected:
    // A client that offers permessage-deflate, greeted and in the lobby; the
    // server's Sec-WebSocket-Extensions answer in `agreed`.
    WsClient &offering_client(std::string &agreed) {
        WsClient &ws = new_client();
        const ConnectResult result =
            ws.connect({.port = server().port(), .permessage_deflate = true});
        EXPECT_TRUE(result) << result.error;
        agreed = result.extensions;
        EXPECT_TRUE(ws.wait_for(has_fields({{"type", "joined"}}))) << ws.transcript();
        return ws;
    }

    static json message(const std::string &text) {
        return {{"type", "message"}, {"room", "lobby"}, {"text", text}};
    }
};

TEST_F(PermessageDeflateTest, IsNotAgreedUnlessConfigured) {
    start();
    std::string agreed;
    WsClient &ws = offering_client(agreed);
    EXPECT_EQ(agreed, "");
    ws.send_json(message("plain"));
    EXPECT_TRUE(ws.wait_for(has_fields({{"type", "message"}, {"text", "plain"}})));
}

TEST_F(PermessageDeflateTest, CompressingAndPlainClientsShareARoom) {
    start({.server = "permessage_deflate = true\n"
                     "rate_limit_per_second = 100000\nrate_limit_burst = 100000\n"});
    std::string agreed;
    WsClient &compressing = offering_client(agreed);
    EXPECT_THAT(agreed, HasSubstr("permessage-deflate"));
    Guest &plain = connect_guest();

    // Larger than libwebsockets' receive buffer, so it inflates in pieces.
    std::string long_text;
    while (long_text.size() < 10'000)
        long_text +=
            "every member of the lobby reads this line " + std::to_string(long_text.size()) + "; ";
    compressing.send_json(message(long_text));
    EXPECT_TRUE(plain.ws.wait_for(has_fields({{"type", "message"}, {"text", long_text}})))
        << plain.ws.transcript();

    // A burst, which the server writes one compressed message at a time.
    constexpr int kBurst = 200;
    for (int i = 0; i < kBurst; ++i)
        plain.ws.send_json(message("burst " + std::to_string(i)));
    for (int i = 0; i < kBurst; ++i) {
        const auto got =
            compressing.wait_for(has_fields({{"type", "message"}, {"from", plain.user}}));
        ASSERT_TRUE(got) << compressing.transcript();
        EXPECT_EQ((*got)["text"], "burst " + std::to_string(i));
    }
}

TEST_F(PermessageDeflateTest, TheServersFramesAreCompressedOnTheWire) {
    start({.server = "permessage_deflate = true\n"});
    HttpClient raw;
    ASSERT_TRUE(raw.connect(server().port()));
    ASSERT_TRUE(raw.send(
        http_request("GET", "/chat",
                     {"Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13",
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                      "Sec-WebSocket-Extensions: permessage-deflate"})));
    const auto head = raw.read_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 101);
    EXPECT_THAT(head->header("sec-websocket-extensions").value_or(""),
                HasSubstr("permessage-deflate"));
    // The hello's first byte: FIN, RSV1 (compressed) and the text opcode. A
    // plain frame would start with 0x81 and its JSON never hold 0xc1.
    const auto first = raw.read_until("\xc1");
    ASSERT_TRUE(first) << "no compressed frame";
    EXPECT_EQ(*first, "\xc1");
}

TEST_F(PermessageDeflateTest, AMessageThatInflatesPastTheLimitIsRefusedWith1009) {
    start({.server = "permessage_deflate = true\nmax_message_bytes = 65536\n"});
    std::string agreed;
    WsClient &bomb = offering_client(agreed);
    ASSERT_THAT(agreed, HasSubstr("permessage-deflate"));
    Guest &bystander = connect_guest();
    // A megabyte of one letter compresses to about a kilobyte.
    bomb.send_text(std::string(1 << 20, 'a'));
    EXPECT_EQ(bomb.expect_close(), 1009) << bomb.transcript();
    bystander.ws.send_json(message("still here"));
    EXPECT_TRUE(bystander.ws.wait_for(has_fields({{"type", "message"}, {"text", "still here"}})));
}

} // namespace
} // namespace chatd::test
