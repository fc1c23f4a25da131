#include "latency_histogram.hpp"

#include <gtest/gtest.h>

namespace chatd::bench {
namespace {

TEST(ChatBenchLatencyHistogram, EmptyIsZero) {
    LatencyHistogram h;
    EXPECT_EQ(h.count(), 0u);
    EXPECT_EQ(h.percentile(50), 0u);
    EXPECT_EQ(h.max(), 0u);
}

TEST(ChatBenchLatencyHistogram, SmallValuesAreExact) {
    LatencyHistogram h;
    for (std::uint64_t v = 1; v <= 100; ++v)
        h.record(v);
    EXPECT_EQ(h.percentile(50), 50u);
    EXPECT_EQ(h.percentile(90), 90u);
    EXPECT_EQ(h.percentile(99), 99u);
    EXPECT_EQ(h.percentile(100), 100u);
    EXPECT_EQ(h.percentile(0), 1u);
    EXPECT_EQ(h.max(), 100u);
}

TEST(ChatBenchLatencyHistogram, LargeValuesWithinOneBucket) {
    LatencyHistogram h;
    for (std::uint64_t v = 1; v <= 100000; ++v)
        h.record(v * 10);
    for (const double p : {50.0, 90.0, 99.0}) {
        const double exact = p / 100.0 * 1000000.0;
        const double got = static_cast<double>(h.percentile(p));
        EXPECT_GE(got, exact) << p;
        EXPECT_LE(got, exact * (1.0 + 1.0 / LatencyHistogram::sub_buckets)) << p;
    }
    EXPECT_EQ(h.percentile(100), 1000000u); // never above the largest value
}

TEST(ChatBenchLatencyHistogram, OneSlowOutlierShowsOnlyAtTheTop) {
    LatencyHistogram h;
    for (int i = 0; i < 999; ++i)
        h.record(500);
    h.record(2000000);
    EXPECT_LE(h.percentile(99), 510u);
    EXPECT_EQ(h.max(), 2000000u);
    EXPECT_GE(h.percentile(100), 2000000u * 63 / 64);
}

TEST(ChatBenchLatencyHistogram, HugeValuesFit) {
    LatencyHistogram h;
    h.record(~std::uint64_t{0});
    EXPECT_EQ(h.percentile(50), ~std::uint64_t{0});
}

TEST(ChatBenchLatencyHistogram, MergeAddsCounts) {
    LatencyHistogram a, b;
    for (int i = 0; i < 10; ++i)
        a.record(10);
    for (int i = 0; i < 10; ++i)
        b.record(1000);
    a.merge(b);
    EXPECT_EQ(a.count(), 20u);
    EXPECT_EQ(a.percentile(50), 10u);
    EXPECT_GE(a.percentile(51), 1000u);
    EXPECT_EQ(a.max(), 1000u);
}

} // namespace
} // namespace chatd::bench
