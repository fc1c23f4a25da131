// RFC 6455 on the wire, below what WsClient lets a test get wrong: the opening
// handshake's checks, control frames, and liveness (pings, idle closes). The
// raw side is an HttpClient that writes the bytes itself.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"
#include "support/http_client.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace chatd::test {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

using Rfc6455Test = IntegrationTest;

constexpr std::string_view kKey = "dGhlIHNhbXBsZSBub25jZQ=="; // RFC 6455's example

// An opening handshake on /chat: the usual headers, less those named in
// `without`, plus `extra` lines.
std::string upgrade(const std::vector<std::string> &extra = {},
                    const std::vector<std::string_view> &without = {}) {
    std::vector<std::string> lines;
    const std::array<std::pair<std::string_view, std::string>, 4> usual = {{
        {"Upgrade", "websocket"},
        {"Connection", "Upgrade"},
        {"Sec-WebSocket-Version", "13"},
        {"Sec-WebSocket-Key", std::string(kKey)},
    }};
    for (const auto &[name, value] : usual)
        if (std::find(without.begin(), without.end(), name) == without.end())
            lines.push_back(std::string(name) + ": " + value);
    lines.insert(lines.end(), extra.begin(), extra.end());
    return http_request("GET", "/chat", lines);
}

// The server's answer to one raw handshake.
HttpResponse handshake(uint16_t port, const std::string &request) {
    HttpClient client;
    EXPECT_TRUE(client.connect(port));
    EXPECT_TRUE(client.send(request));
    return client.read_response().value_or(HttpResponse{});
}

// A client frame, masked as RFC 6455 §5.3 requires.
std::string client_frame(uint8_t opcode, std::string_view payload) {
    std::string frame{static_cast<char>(0x80 | opcode)};
    if (payload.size() < 126) {
        frame += static_cast<char>(0x80 | payload.size());
    } else {
        frame += static_cast<char>(0x80 | 126);
        frame += static_cast<char>(payload.size() >> 8);
        frame += static_cast<char>(payload.size() & 0xff);
    }
    const std::array<char, 4> mask = {0x11, 0x22, 0x33, 0x44};
    frame.append(mask.begin(), mask.end());
    for (size_t i = 0; i < payload.size(); ++i)
        frame += static_cast<char>(payload[i] ^ mask[i % 4]);
    return frame;
}

struct ServerFrame {
    uint8_t opcode;
    std::string payload;
};

// The server's (unmasked) frames in `bytes`; a frame cut short at the end is left out.
std::vector<ServerFrame> server_frames(std::string_view bytes) {
    std::vector<ServerFrame> frames;
    size_t at = 0;
    while (at + 2 <= bytes.size()) {
        const auto opcode = static_cast<uint8_t>(bytes[at] & 0x0f);
        uint64_t length = static_cast<uint8_t>(bytes[at + 1]) & 0x7f;
        size_t header = 2;
        const size_t extended = length == 126 ? 2 : length == 127 ? 8 : 0;
        if (at + header + extended > bytes.size()) break;
        if (extended > 0) length = 0;
        for (size_t i = 0; i < extended; ++i)
            length = length << 8 | static_cast<uint8_t>(bytes[at + header + i]);
        header += extended;
        if (at + header + length > bytes.size()) break;
        frames.push_back({opcode, std::string(bytes.substr(at + header, length))});
        at += header + length;
    }
    return frames;
}

constexpr uint8_t kClose = 0x8, kPing = 0x9;

uint16_t close_code(const ServerFrame &frame) {
    if (frame.payload.size() < 2) return 1005;
    return static_cast<uint16_t>(static_cast<uint8_t>(frame.payload[0]) << 8 |
                                 static_cast<uint8_t>(frame.payload[1]));
}

// A raw client that completed the opening handshake.
struct RawClient {
    HttpClient http;
    bool open(uint16_t port) {
        if (!http.connect(port) || !http.send(upgrade())) return false;
        const auto head = http.read_head();
        return head && head->status == 101;
    }
};

TEST_F(Rfc6455Test, AnotherOrNoVersionIsAnswered426WithTheVersionSpoken) {
    start();
    for (const auto &request :
         {upgrade({}, {"Sec-WebSocket-Version"}),
          upgrade({"Sec-WebSocket-Version: 8"}, {"Sec-WebSocket-Version"}),
          upgrade({"Sec-WebSocket-Version: 12"}, {"Sec-WebSocket-Version"})}) {
        const HttpResponse r = handshake(server().port(), request);
        EXPECT_EQ(r.status, 426) << request;
        EXPECT_EQ(r.header("sec-websocket-version"), "13") << request;
    }
}

TEST_F(Rfc6455Test, AMissingOrMalformedKeyIsABadRequest) {
    start();
    for (const auto &request :
         {upgrade({}, {"Sec-WebSocket-Key"}),
          upgrade({"Sec-WebSocket-Key: not base64 at all!!!!!=="}, {"Sec-WebSocket-Key"}),
          upgrade({"Sec-WebSocket-Key: c2hvcnQ="}, {"Sec-WebSocket-Key"})}) {
        EXPECT_EQ(handshake(server().port(), request).status, 400) << request;
    }
    EXPECT_EQ(handshake(server().port(), upgrade()).status, 101) << "the well-formed handshake";
}

TEST_F(Rfc6455Test, AnEmptyOriginIsNotInTheAllowList) {
    start({.server = "allowed_origins = [\"http://good.example\"]\n"});
    EXPECT_EQ(handshake(server().port(), upgrade({"Origin:"})).status, 403);
    EXPECT_EQ(handshake(server().port(), upgrade({"Origin: http://good.example"})).status, 101);
    EXPECT_EQ(handshake(server().port(), upgrade()).status, 101) << "no Origin: not a browser";
}

// RFC 6455 §5.5 wants 1002 for a control frame over 125 bytes. libwebsockets
// 4.1.6 drops the TCP connection at the frame's length byte, before any
// callback (lib/roles/ws/ops-ws.c, illegal_ctl_length), so chatd cannot send
// one; what it can promise is that the connection ends at once.
TEST_F(Rfc6455Test, AControlFrameOver125BytesEndsTheConnection) {
    start();
    for (const uint8_t opcode : {kPing, kClose}) {
        RawClient client;
        ASSERT_TRUE(client.open(server().port()));
        ASSERT_TRUE(client.http.send(client_frame(opcode, std::string(126, 'p'))));
        const auto rest = client.http.read_to_close();
        ASSERT_TRUE(rest) << "still open after a " << int(opcode) << " frame of 126 bytes";
        for (const ServerFrame &frame : server_frames(*rest)) {
            if (frame.opcode == kClose) {
                EXPECT_EQ(close_code(frame), 1002);
            }
        }
    }
}

TEST_F(Rfc6455Test, AControlFrameOf125BytesIsFine) {
    start();
    RawClient client;
    ASSERT_TRUE(client.open(server().port()));
    ASSERT_TRUE(client.http.send(client_frame(kPing, std::string(125, 'p'))));
    const auto pong = client.http.read_until(std::string(125, 'p'));
    EXPECT_TRUE(pong);
}

// Any frame from the client shows it is there: one that chats but never
// answers a ping (WsClient answers pings only while it reads) stays.
TEST_F(Rfc6455Test, AClientThatChatsIsNotDroppedForMissingPongs) {
    start({.server = "ping_interval_seconds = 1\nidle_timeout_seconds = 2\n"});
    auto &chatty = connect_guest();
    // A ping frame every 200 ms for twice the idle timeout, without reading.
    const auto until = Clock::now() + 4s;
    int sent = 0;
    for (; Clock::now() < until && sent < 100; ++sent) {
        chatty.ws.send_json({{"type", "ping"}, {"id", sent}});
        std::this_thread::sleep_for(200ms); // the client's pace, not a wait for the server
    }
    EXPECT_TRUE(chatty.ws.wait_for(has_fields({{"type", "pong"}, {"id", sent - 1}})));
    EXPECT_TRUE(answers_ping(chatty.ws));
}

// A silent client is closed with 1001 ("going away") once idle_timeout_seconds
// pass without a pong or a frame, after the server's pings.
TEST_F(Rfc6455Test, ASilentClientIsClosedWith1001) {
    start({.server = "ping_interval_seconds = 1\nidle_timeout_seconds = 2\n"});
    RawClient silent;
    ASSERT_TRUE(silent.open(server().port()));
    const auto received = silent.http.read_until("idle timeout", 10s);
    ASSERT_TRUE(received) << "no close frame";
    const auto frames = server_frames(*received);
    ASSERT_FALSE(frames.empty());
    EXPECT_EQ(frames.back().opcode, kClose);
    EXPECT_EQ(close_code(frames.back()), 1001);
    EXPECT_TRUE(std::any_of(frames.begin(), frames.end(), [](const ServerFrame &f) {
        return f.opcode == kPing;
    })) << "pinged before it was closed";
}

// A client that sends nothing but answers the server's pings stays: each
// pong counts as hearing from it.
TEST_F(Rfc6455Test, AClientThatOnlyAnswersPingsStays) {
    start({.server = "ping_interval_seconds = 1\nidle_timeout_seconds = 2\n"});
    auto &quiet = connect_guest();
    // Reading answers pings. Nothing else is sent to it for twice the idle
    // timeout, and a close would end the read early.
    EXPECT_FALSE(quiet.ws.recv(4s)) << quiet.ws.transcript();
    EXPECT_TRUE(answers_ping(quiet.ws)) << quiet.ws.transcript();
}

} // namespace
} // namespace chatd::test
