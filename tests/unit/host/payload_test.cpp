// A payload is its whole WebSocket frame: the header in each of the three
// length forms of RFC 6455, then the text, unmasked.
#include "transport/payload.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chatd::transport {
namespace {

std::vector<unsigned char> header_of(size_t length) {
    const Payload payload(std::string(length, 'x'));
    const auto wire = payload.wire();
    EXPECT_EQ(wire.size() - payload.size(), wire.size() - length);
    EXPECT_EQ(payload.text(), std::string(length, 'x'));
    return {wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(wire.size() - length)};
}

TEST(PayloadTest, ShortTextsHaveATwoByteHeader) {
    EXPECT_EQ(header_of(0), (std::vector<unsigned char>{0x81, 0}));
    EXPECT_EQ(header_of(5), (std::vector<unsigned char>{0x81, 5}));
    EXPECT_EQ(header_of(125), (std::vector<unsigned char>{0x81, 125}));
}

TEST(PayloadTest, TextsUpTo65535BytesHaveASixteenBitLength) {
    EXPECT_EQ(header_of(126), (std::vector<unsigned char>{0x81, 126, 0, 126}));
    EXPECT_EQ(header_of(65535), (std::vector<unsigned char>{0x81, 126, 0xff, 0xff}));
}

TEST(PayloadTest, LongerTextsHaveASixtyFourBitLength) {
    EXPECT_EQ(header_of(65536), (std::vector<unsigned char>{0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0}));
    EXPECT_EQ(header_of(1'000'000),
              (std::vector<unsigned char>{0x81, 127, 0, 0, 0, 0, 0, 0x0f, 0x42, 0x40}));
}

TEST(PayloadTest, TheTextFollowsTheHeaderByteForByte) {
    const Payload payload(R"({"type":"message","text":"héllo"})");
    const auto wire = payload.wire();
    ASSERT_EQ(wire.size(), 2 + payload.size());
    EXPECT_EQ(std::string(wire.begin() + 2, wire.end()), payload.text());
}

} // namespace
} // namespace chatd::transport
