#include "failure_throttle.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace chatd::auth {

FailureThrottle::FailureThrottle(const Options &options)
    : capacity_(options.max_failures),
      per_ms_(static_cast<double>(options.max_failures) /
              static_cast<double>(std::max<int64_t>(1, options.window.count()))),
      max_keys_(std::max<std::size_t>(1, options.max_keys)) {}

double FailureThrottle::tokens_at(const Bucket &bucket, Clock::time_point now) const {
    const auto elapsed = std::chrono::duration<double, std::milli>(
        std::max(now - bucket.updated, Clock::duration{}));
    return std::min(capacity_, bucket.tokens + elapsed.count() * per_ms_);
}

std::chrono::milliseconds FailureThrottle::wait(std::string_view key, Clock::time_point now) const {
    std::lock_guard lock(mu_);
    auto it = buckets_.find(std::string(key));
    if (it == buckets_.end()) return {};
    const double tokens = tokens_at(it->second, now);
    if (tokens >= 1.0) return {};
    return std::chrono::milliseconds(static_cast<int64_t>(std::ceil((1.0 - tokens) / per_ms_)));
}

void FailureThrottle::failed(std::string_view key, Clock::time_point now) {
    std::lock_guard lock(mu_);
    auto it = buckets_.find(std::string(key));
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_keys_) make_room(now);
        it = buckets_.emplace(std::string(key), Bucket{capacity_, now}).first;
    }
    Bucket &bucket = it->second;
    bucket.tokens = std::max(0.0, tokens_at(bucket, now) - 1.0);
    bucket.updated = now;
}

void FailureThrottle::forget(std::string_view key) {
    std::lock_guard lock(mu_);
    buckets_.erase(std::string(key));
}

std::size_t FailureThrottle::keys() const {
    std::lock_guard lock(mu_);
    return buckets_.size();
}

// A full bucket is the same as none. Only when most keys are still counting
// (someone is trying more distinct names or addresses than max_keys at once)
// do the oldest half lose their counts, in one sweep, so that the cost of a
// sweep is spread over the max_keys / 2 insertions until the next.
void FailureThrottle::make_room(Clock::time_point now) {
    std::erase_if(buckets_,
                  [&](const auto &entry) { return tokens_at(entry.second, now) >= capacity_; });
    if (buckets_.size() <= max_keys_ / 2) return;
    std::vector<Clock::time_point> updated;
    updated.reserve(buckets_.size());
    for (const auto &entry : buckets_)
        updated.push_back(entry.second.updated);
    auto middle = updated.begin() + static_cast<std::ptrdiff_t>(updated.size() / 2);
    std::nth_element(updated.begin(), middle, updated.end());
    const Clock::time_point cut = *middle;
    std::erase_if(buckets_, [&](const auto &entry) { return entry.second.updated < cut; });
    // Equal times at the cut keep more than half; drop any to make room.
    if (buckets_.size() >= max_keys_) buckets_.erase(buckets_.begin());
}

} // namespace chatd::auth
