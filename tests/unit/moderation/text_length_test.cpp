// Lengths in characters, for max_chars.
#include "text_length.hpp"

#include <gtest/gtest.h>

namespace chatd::moderation {
namespace {

TEST(TextLengthTest, CountsCodePointsNotBytes) {
    EXPECT_EQ(characters(""), 0u);
    EXPECT_EQ(characters("hello"), 5u);
    EXPECT_EQ(characters("h\xC3\xA9llo"), 5u);             // é: two bytes
    EXPECT_EQ(characters("\xD0\xBF\xD1\x80\xD0\xB8"), 3u); // при
    EXPECT_EQ(characters("\xE2\x82\xAC"
                         "5"),
              2u);                                  // €5
    EXPECT_EQ(characters("\xF0\x9F\x98\x80!"), 2u); // an emoji, four bytes
}

TEST(TextLengthTest, EachByteOfInvalidUtf8CountsAsOne) {
    EXPECT_EQ(characters("\xFF"), 1u);
    EXPECT_EQ(characters("a\x80\x80z"), 4u);       // stray continuation bytes
    EXPECT_EQ(characters("\xC0\xAF"), 2u);         // an overlong '/'
    EXPECT_EQ(characters("\xED\xA0\x80"), 3u);     // a UTF-16 surrogate
    EXPECT_EQ(characters("\xF4\x90\x80\x80"), 4u); // past U+10FFFF
    EXPECT_EQ(characters("\xE2\x82"), 2u);         // cut short
    EXPECT_EQ(characters("\xE2\x82"
                         "a"),
              3u); // cut short by another character
}

} // namespace
} // namespace chatd::moderation
