// is_websocket_key: what RFC 6455 §4.1 allows as a Sec-WebSocket-Key.
#include "net/websocket_key.hpp"

#include <gtest/gtest.h>

namespace chatd::net {
namespace {

TEST(WebSocketKey, SixteenBytesInBase64AreAKey) {
    EXPECT_TRUE(is_websocket_key("dGhlIHNhbXBsZSBub25jZQ==")); // RFC 6455's example
    EXPECT_TRUE(is_websocket_key("AAAAAAAAAAAAAAAAAAAAAA=="));
    EXPECT_TRUE(is_websocket_key("/+/+/+/+/+/+/+/+/+/+/w=="));
}

TEST(WebSocketKey, AnythingElseIsNot) {
    EXPECT_FALSE(is_websocket_key(""));
    EXPECT_FALSE(is_websocket_key("not base64 at all!!!!!=="));
    EXPECT_FALSE(is_websocket_key("dGhlIHNhbXBsZSBub25jZQ"));     // no padding
    EXPECT_FALSE(is_websocket_key("dGhlIHNhbXBsZSBub25jZQ=a"));   // bad padding
    EXPECT_FALSE(is_websocket_key("dGhlIHNhbXBsZSBub25jZQo="));   // 17 bytes
    EXPECT_FALSE(is_websocket_key("dGhlIHNhbXBsZSBub25jZR=="));   // bits past the 16th byte
    EXPECT_FALSE(is_websocket_key("dGhlIHNhbXBsZSBub25jZQ==\r")); // trailing byte
}

} // namespace
} // namespace chatd::net
