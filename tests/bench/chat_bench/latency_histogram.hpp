#pragma once

// Latencies in microseconds, kept as a log-linear histogram: a million
// deliveries a second for minutes would not fit as a list, and percentiles
// within 1/64 (1.6 %) of the value are all a benchmark report needs.

#include <array>
#include <cstdint>

namespace chatd::bench {

class LatencyHistogram {
public:
    void record(std::uint64_t micros);
    void merge(const LatencyHistogram &other);

    std::uint64_t count() const { return count_; }
    std::uint64_t max() const { return max_; }
    // The smallest recorded value v such that at least p percent of the
    // values are <= v, rounded up to its bucket's upper bound (never above
    // max()); 0 when empty. p in [0, 100].
    std::uint64_t percentile(double p) const;

    // Exposed for the tests: values below 2 * sub_buckets are exact.
    static constexpr unsigned sub_bucket_bits = 6;
    static constexpr std::uint64_t sub_buckets = 1u << sub_bucket_bits;

private:
    static constexpr unsigned magnitudes = 64 - sub_bucket_bits;
    static std::size_t index_of(std::uint64_t value);
    static std::uint64_t upper_bound_of(std::size_t index);

    std::array<std::uint64_t, (magnitudes + 1) * sub_buckets> buckets_{};
    std::uint64_t count_ = 0;
    std::uint64_t max_ = 0;
};

} // namespace chatd::bench
