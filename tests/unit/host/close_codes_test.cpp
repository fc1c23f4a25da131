// The RFC 6455 close-frame rule the server applies to a client's close.
#include "transport/close_codes.hpp"

#include <gtest/gtest.h>
#include <string>

namespace chatd::transport {
namespace {

std::string payload_of(uint16_t code, std::string_view reason = {}) {
    std::string out{static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
    out += reason;
    return out;
}

TEST(CloseFrame, SendableCodesAreTheDefinedOnesAndTheApplicationRange) {
    for (uint16_t code : {1000, 1001, 1002, 1003, 1007, 1008, 1011, 1012, 1014, 3000, 4000, 4999})
        EXPECT_TRUE(is_sendable_close_code(code)) << code;
}

TEST(CloseFrame, ReservedUnassignedAndOutOfRangeCodesAreNotSendable) {
    for (uint16_t code : {0, 1, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
        EXPECT_FALSE(is_sendable_close_code(code)) << code;
}

TEST(CloseFrame, AnEmptyPayloadIsValid) { EXPECT_TRUE(is_valid_close_payload("")); }

TEST(CloseFrame, OneByteIsNeitherEmptyNorACode) {
    EXPECT_FALSE(is_valid_close_payload(std::string(1, '\x03')));
}

TEST(CloseFrame, TheCodeIsTheFirstTwoBytesInNetworkOrder) {
    EXPECT_TRUE(is_valid_close_payload(payload_of(1000)));
    // 4000 is 0x0fa0: a second byte with its top bit set must not sign-extend.
    EXPECT_TRUE(is_valid_close_payload(payload_of(4000)));
    EXPECT_TRUE(is_valid_close_payload(payload_of(4000, "bye")));
    EXPECT_FALSE(is_valid_close_payload(payload_of(5000)));
    EXPECT_FALSE(is_valid_close_payload(payload_of(5000, "bye")));
    EXPECT_FALSE(is_valid_close_payload(payload_of(1005)));
    EXPECT_FALSE(is_valid_close_payload(payload_of(999)));
}

} // namespace
} // namespace chatd::transport
