// RFC 3339 both ways: the form chatd writes, and every form an operator may
// type (offsets, fractions), with anything else refused rather than guessed.
#include "core/timestamp.hpp"

#include <gtest/gtest.h>

namespace chatd {
namespace {

constexpr int64_t kDec1At10 = 1'796'119'200'000; // 2026-12-01T10:00:00Z

TEST(Timestamp, FormatsUtcWithMilliseconds) {
    EXPECT_EQ(rfc3339_ms(int64_t{0}), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(rfc3339_ms(kDec1At10 + 7), "2026-12-01T10:00:00.007Z");
}

TEST(Timestamp, ParsesWhatItFormats) {
    for (int64_t ms : {int64_t{0}, kDec1At10, kDec1At10 + 123, int64_t{951'782'400'999}})
        EXPECT_EQ(parse_rfc3339_ms(rfc3339_ms(ms)), ms) << rfc3339_ms(ms);
}

TEST(Timestamp, ParsesOffsetsAsTheSameInstant) {
    EXPECT_EQ(parse_rfc3339_ms("2026-12-01T10:00:00Z"), kDec1At10);
    EXPECT_EQ(parse_rfc3339_ms("2026-12-01t10:00:00z"), kDec1At10);
    EXPECT_EQ(parse_rfc3339_ms("2026-12-01T11:00:00+01:00"), kDec1At10);
    EXPECT_EQ(parse_rfc3339_ms("2026-12-01T04:30:00-05:30"), kDec1At10);
    EXPECT_EQ(parse_rfc3339_ms("2026-12-02T09:59:00+23:59"), kDec1At10);
    EXPECT_EQ(parse_rfc3339_ms("2026-12-01T10:00:00-00:00"), kDec1At10);
}

TEST(Timestamp, ParsesFractionsToTheMillisecond) {
    EXPECT_EQ(parse_rfc3339_ms("2026-12-01T10:00:00.5Z"), kDec1At10 + 500);
    EXPECT_EQ(parse_rfc3339_ms("2026-12-01T10:00:00.05Z"), kDec1At10 + 50);
    EXPECT_EQ(parse_rfc3339_ms("2026-12-01T10:00:00.123Z"), kDec1At10 + 123);
    EXPECT_EQ(parse_rfc3339_ms("2026-12-01T10:00:00.123999999Z"), kDec1At10 + 123);
    EXPECT_EQ(parse_rfc3339_ms("2026-12-01T11:00:00.250+01:00"), kDec1At10 + 250);
}

TEST(Timestamp, ParsesCalendarEdges) {
    EXPECT_EQ(parse_rfc3339_ms("2024-02-29T00:00:00Z"), int64_t{1'709'164'800'000});
    EXPECT_EQ(parse_rfc3339_ms("1969-12-31T23:59:59Z"), int64_t{-1000});
    // A leap second reads as the first second of the next minute.
    EXPECT_EQ(parse_rfc3339_ms("2016-12-31T23:59:60Z"), parse_rfc3339_ms("2017-01-01T00:00:00Z"));
}

TEST(Timestamp, RefusesAnythingElse) {
    for (const char *text : {"",
                             "2026-12-01",
                             "2026-12-01T10:00Z",
                             "2026-12-01T10:00:00",
                             "2026-12-01 10:00:00Z",
                             "2026-12-01T10:00:00+01",
                             "2026-12-01T10:00:00+0100",
                             "2026-12-01T10:00:00.Z",
                             "2026-12-01T10:00:00Z ",
                             " 2026-12-01T10:00:00Z",
                             "2026-13-01T10:00:00Z",
                             "2026-02-29T10:00:00Z",
                             "2026-04-31T10:00:00Z",
                             "2026-00-01T10:00:00Z",
                             "2026-12-00T10:00:00Z",
                             "2026-12-01T24:00:00Z",
                             "2026-12-01T10:60:00Z",
                             "2026-12-01T10:00:61Z",
                             "2026-12-01T10:00:00+24:00",
                             "2026-12-01T10:00:00+01:60",
                             "26-12-01T10:00:00Z",
                             "2026-1-01T10:00:00Z",
                             "2026-12-01T10:00:00.5",
                             "yesterday",
                             "1796119200000",
                             "+2026-12-01T10:00:00Z",
                             "2026-12-01T10:00:00.1x2Z"})
        EXPECT_EQ(parse_rfc3339_ms(text), std::nullopt) << '"' << text << '"';
}

} // namespace
} // namespace chatd
