#include "latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace chatd::bench {

// Bucket layout: values below 2 * sub_buckets map to themselves; above, a
// value with its highest bit at position b (b >= sub_bucket_bits + 1) keeps
// its top sub_bucket_bits + 1 bits, i.e. sub_buckets buckets per doubling.
std::size_t LatencyHistogram::index_of(std::uint64_t value) {
    if (value < 2 * sub_buckets) return static_cast<std::size_t>(value);
    const unsigned top = 63u - static_cast<unsigned>(std::countl_zero(value));
    const unsigned shift = top - sub_bucket_bits;
    const std::uint64_t mantissa = (value >> shift) - sub_buckets; // 0 .. sub_buckets-1
    return static_cast<std::size_t>((shift + 1) * sub_buckets + mantissa);
}

std::uint64_t LatencyHistogram::upper_bound_of(std::size_t index) {
    if (index < 2 * sub_buckets) return index;
    const std::uint64_t shift = index / sub_buckets - 1;
    const std::uint64_t mantissa = index % sub_buckets + sub_buckets;
    return ((mantissa + 1) << shift) - 1;
}

void LatencyHistogram::record(std::uint64_t micros) {
    ++buckets_[index_of(micros)];
    ++count_;
    max_ = std::max(max_, micros);
}

void LatencyHistogram::merge(const LatencyHistogram &other) {
    for (std::size_t i = 0; i < buckets_.size(); ++i)
        buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    max_ = std::max(max_, other.max_);
}

std::uint64_t LatencyHistogram::percentile(double p) const {
    if (count_ == 0) return 0;
    p = std::clamp(p, 0.0, 100.0);
    const auto rank = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(count_))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) return std::min(upper_bound_of(i), max_);
    }
    return max_;
}

} // namespace chatd::bench
