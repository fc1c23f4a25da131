// Percent-decoding of path segments and the query-string helper.
#include "http/url_decoding.hpp"

#include <gtest/gtest.h>

namespace chatd::http {
namespace {

TEST(PercentDecode, DecodesEscapesInEitherCase) {
    EXPECT_EQ(percent_decode("a%20b%2fc%2F"), "a b/c/");
    EXPECT_EQ(percent_decode("caf%C3%A9"), "caf\xc3\xa9");
    EXPECT_EQ(percent_decode("%41%6a"), "Aj");
}

TEST(PercentDecode, LeavesPlusAlone) { EXPECT_EQ(percent_decode("a+b"), "a+b"); }

TEST(PercentDecode, KeepsMalformedEscapesAsWritten) {
    EXPECT_EQ(percent_decode("100%"), "100%");
    EXPECT_EQ(percent_decode("%4"), "%4");
    EXPECT_EQ(percent_decode("%zz%4g"), "%zz%4g");
    EXPECT_EQ(percent_decode("%%41"), "%A");
}

TEST(PercentDecode, DecodesOnlyOnce) { EXPECT_EQ(percent_decode("%2541"), "%41"); }

TEST(PercentDecode, CanProduceAnyByte) {
    EXPECT_EQ(percent_decode("%00%ff"), std::string("\0\xff", 2));
}

TEST(ParseQuery, SplitsAndDecodesInOrder) {
    EXPECT_EQ(parse_query("before=10&limit=50"), (QueryParams{{"before", "10"}, {"limit", "50"}}));
    EXPECT_EQ(parse_query("q=hello+world&x=a%26b%3Dc&na%6De=%E2%82%AC"),
              (QueryParams{{"q", "hello world"}, {"x", "a&b=c"}, {"name", "\xe2\x82\xac"}}));
}

TEST(ParseQuery, ValueMayBeMissingOrEmptyOrContainEquals) {
    EXPECT_EQ(parse_query("flag&empty=&eq=a=b"),
              (QueryParams{{"flag", ""}, {"empty", ""}, {"eq", "a=b"}}));
}

TEST(ParseQuery, SkipsEmptyPiecesAndKeepsRepeats) {
    EXPECT_EQ(parse_query(""), QueryParams{});
    EXPECT_EQ(parse_query("&&a=1&&a=2&"), (QueryParams{{"a", "1"}, {"a", "2"}}));
    EXPECT_EQ(parse_query("=v"), (QueryParams{{"", "v"}}));
}

TEST(ParseQuery, EncodedPlusIsAPlus) {
    EXPECT_EQ(parse_query("n=1%2B1"), (QueryParams{{"n", "1+1"}}));
}

} // namespace
} // namespace chatd::http
