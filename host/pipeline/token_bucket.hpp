#pragma once

#include <algorithm>
#include <chrono>

namespace chatd::pipeline {

// Per-connection frame rate limit: `burst` frames at once, refilled at `rate`
// per second.
class TokenBucket {
public:
    using Clock = std::chrono::steady_clock;

    TokenBucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}

    bool take(Clock::time_point now = Clock::now()) {
        std::chrono::duration<double> elapsed = now - last_;
        last_ = now;
        tokens_ = std::min(burst_, tokens_ + elapsed.count() * rate_);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

private:
    double rate_;
    double burst_;
    double tokens_;
    Clock::time_point last_ = Clock::now();
};

} // namespace chatd::pipeline
