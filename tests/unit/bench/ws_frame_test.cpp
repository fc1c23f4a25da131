#include "ws_frame.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace chatd::bench::ws {
namespace {

// A server frame: unmasked, as RFC 6455 §5.1 wants.
std::string server_frame(Opcode opcode, std::string_view payload, bool fin = true) {
    std::string out;
    out += static_cast<char>((fin ? 0x80 : 0) | static_cast<int>(opcode));
    if (payload.size() < 126) {
        out += static_cast<char>(payload.size());
    } else if (payload.size() <= 0xFFFF) {
        out += static_cast<char>(126);
        out += static_cast<char>(payload.size() >> 8);
        out += static_cast<char>(payload.size() & 0xFF);
    } else {
        out += static_cast<char>(127);
        for (int shift = 56; shift >= 0; shift -= 8)
            out += static_cast<char>((payload.size() >> shift) & 0xFF);
    }
    out.append(payload);
    return out;
}

std::vector<std::string> drain(Decoder &decoder) {
    std::vector<std::string> out;
    while (auto m = decoder.next())
        out.emplace_back(m->payload);
    return out;
}

TEST(ChatBenchWsFrame, AcceptMatchesTheRfcExample) {
    // RFC 6455 §1.3.
    EXPECT_EQ(accept_for("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(ChatBenchWsFrame, KeyIsSixteenBytesOfBase64) {
    const auto key = make_key(42);
    EXPECT_EQ(key.size(), 24u);
    EXPECT_EQ(key.substr(22), "==");
    EXPECT_NE(make_key(43), key);
}

TEST(ChatBenchWsFrame, HandshakeWaitsForTheWholeHeadThenChecksTheAccept) {
    const std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
    const std::string head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                             "Connection: Upgrade\r\nsec-websocket-accept:  "
                             "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
    EXPECT_EQ(check_handshake(head.substr(0, head.size() - 1), key).state,
              HandshakeState::incomplete);
    const auto result = check_handshake(head + "\x81", key);
    EXPECT_EQ(result.state, HandshakeState::accepted);
    EXPECT_EQ(result.head_bytes, head.size());
    EXPECT_EQ(check_handshake(head, "AAAAAAAAAAAAAAAAAAAAAA==").state, HandshakeState::refused);
    const auto refused = check_handshake("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n", key);
    EXPECT_EQ(refused.state, HandshakeState::refused);
    EXPECT_EQ(refused.status, 503);
}

TEST(ChatBenchWsFrame, ClientFramesAreMaskedAndDecodeBack) {
    for (const std::size_t size : {0u, 5u, 125u, 126u, 65535u, 65536u}) {
        const std::string payload(size, 'a');
        std::string wire;
        append_frame(wire, Opcode::text, payload, 0x12345678);
        ASSERT_GE(wire.size(), 6u);
        EXPECT_EQ(static_cast<unsigned char>(wire[0]), 0x81);
        EXPECT_TRUE(static_cast<unsigned char>(wire[1]) & 0x80) << "mask bit";
        Decoder decoder;
        decoder.feed(wire); // a masked frame is read too
        const auto got = drain(decoder);
        ASSERT_EQ(got.size(), 1u) << size;
        EXPECT_EQ(got[0], payload);
    }
}

TEST(ChatBenchWsFrame, CloseCarriesItsCode) {
    std::string wire;
    append_close(wire, 1000, 0);
    Decoder decoder;
    decoder.feed(wire);
    const auto m = decoder.next();
    ASSERT_TRUE(m);
    EXPECT_EQ(m->opcode, Opcode::close);
    EXPECT_EQ(m->payload, std::string("\x03\xe8", 2));
}

TEST(ChatBenchWsFrame, BytesArriveOneAtATime) {
    const std::string wire = server_frame(Opcode::text, "hello") +
                             server_frame(Opcode::text, std::string(300, 'b')) +
                             server_frame(Opcode::ping, "p");
    Decoder decoder;
    std::vector<std::pair<Opcode, std::string>> got;
    for (const char c : wire) {
        decoder.feed(std::string_view(&c, 1));
        while (auto m = decoder.next())
            got.emplace_back(m->opcode, std::string(m->payload));
    }
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[0].second, "hello");
    EXPECT_EQ(got[1].second, std::string(300, 'b'));
    EXPECT_EQ(got[2].first, Opcode::ping);
}

TEST(ChatBenchWsFrame, FragmentsJoinAndControlFramesPassBetween) {
    const std::string wire =
        server_frame(Opcode::text, "he", false) + server_frame(Opcode::ping, "") +
        server_frame(Opcode::continuation, "ll", false) + server_frame(Opcode::continuation, "o");
    Decoder decoder;
    decoder.feed(wire);
    auto first = decoder.next();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->opcode, Opcode::ping);
    auto second = decoder.next();
    ASSERT_TRUE(second);
    EXPECT_EQ(second->opcode, Opcode::text);
    EXPECT_EQ(second->payload, "hello");
    EXPECT_FALSE(decoder.next());
    EXPECT_TRUE(decoder.error().empty());
}

TEST(ChatBenchWsFrame, ManyFramesInOneFeedAcrossCompaction) {
    std::string wire;
    for (int i = 0; i < 20000; ++i)
        wire += server_frame(Opcode::text, std::to_string(i));
    Decoder decoder;
    std::size_t count = 0;
    // Uneven pieces, so frames straddle feeds while the buffer compacts.
    for (std::size_t at = 0; at < wire.size(); at += 7919) {
        decoder.feed(std::string_view(wire).substr(at, 7919));
        while (auto m = decoder.next())
            EXPECT_EQ(m->payload, std::to_string(count++));
    }
    EXPECT_EQ(count, 20000u);
}

TEST(ChatBenchWsFrame, BrokenStreamsStop) {
    Decoder orphan;
    orphan.feed(server_frame(Opcode::continuation, "x"));
    EXPECT_FALSE(orphan.next());
    EXPECT_FALSE(orphan.error().empty());

    Decoder long_ping;
    long_ping.feed(server_frame(Opcode::ping, std::string(126, 'p')));
    EXPECT_FALSE(long_ping.next());
    EXPECT_FALSE(long_ping.error().empty());

    Decoder small(100);
    small.feed(server_frame(Opcode::text, std::string(101, 't')));
    EXPECT_FALSE(small.next());
    EXPECT_FALSE(small.error().empty());
}

} // namespace
} // namespace chatd::bench::ws
