// The only encoding a JWT segment may use, refused in every other spelling.
#include "base64url.hpp"

#include <gtest/gtest.h>

#include <string>

namespace chatd::auth::jwt {
namespace {

TEST(Base64url, EncodesTheRfc4648VectorsWithoutPadding) {
    const std::pair<std::string, std::string> vectors[] = {
        {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
        {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
    };
    for (const auto &[bytes, text] : vectors) {
        EXPECT_EQ(base64url_encode(bytes), text) << bytes;
        EXPECT_EQ(base64url_decode(text), bytes) << text;
    }
}

TEST(Base64url, UsesTheUrlAlphabet) {
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
    EXPECT_EQ(base64url_decode("-_8"), "\xfb\xff");
}

TEST(Base64url, EveryByteSurvivesARoundTrip) {
    std::string bytes;
    for (int i = 0; i < 256; ++i)
        bytes += static_cast<char>(i);
    for (size_t length = 0; length <= bytes.size(); length += 85)
        EXPECT_EQ(base64url_decode(base64url_encode(bytes.substr(0, length))),
                  bytes.substr(0, length));
}

TEST(Base64url, RefusesEveryOtherSpelling) {
    for (const char *text : {"Zg==", "Zm8=", "Zm 9v", "Zm9v\n", " Zm9v", "+/8", "Zm9v.", "Zm9vY",
                             "Zh", "Zm9", "Z\xc3\xa9"}) {
        EXPECT_EQ(base64url_decode(text), std::nullopt) << text;
    }
}

} // namespace
} // namespace chatd::auth::jwt
