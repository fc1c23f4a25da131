#pragma once

#include <algorithm>
#include <chrono>

namespace chatd::pipeline {

// Per-connection frame rate limit: `burst` frames at once, refilled at `rate`
// per second; big answers cost more (charge).
class TokenBucket {
public:
    using Clock = std::chrono::steady_clock;

    TokenBucket(double rate, double burst, Clock::time_point now = Clock::now())
        : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}

    bool take(Clock::time_point now = Clock::now()) {
        refill(now);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

    // Takes `tokens` more for work a frame caused beyond itself (a big
    // answer). The bucket may go below zero, by at most one burst, so the
    // debt is paid by waiting, but never for longer than two bursts refill.
    void charge(double tokens, Clock::time_point now = Clock::now()) {
        refill(now);
        tokens_ = std::max(-burst_, tokens_ - tokens);
    }

    // How long until take() would succeed again (zero if it would now).
    std::chrono::milliseconds retry_after(Clock::time_point now = Clock::now()) {
        refill(now);
        if (tokens_ >= 1.0) return std::chrono::milliseconds(0);
        auto wait = std::chrono::duration<double>((1.0 - tokens_) / rate_);
        return std::chrono::ceil<std::chrono::milliseconds>(wait);
    }

private:
    void refill(Clock::time_point now) {
        std::chrono::duration<double> elapsed = now - last_;
        last_ = now;
        tokens_ = std::min(burst_, tokens_ + elapsed.count() * rate_);
    }

    double rate_;
    double burst_;
    double tokens_;
    Clock::time_point last_;
};

} // namespace chatd::pipeline
