// Slows down guessing: failed logins are counted per key (a user name, a
// remote address) in a token bucket that holds max_failures and refills
// over the window, and a key whose bucket is empty must wait before its next
// attempt is even checked, so that a guesser costs the server no password
// hashing either. Shared by the network thread (upgrade requests) and the
// pipeline thread, hence locked.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace chatd::auth {

class FailureThrottle {
public:
    using Clock = std::chrono::steady_clock;

    struct Options {
        uint32_t max_failures;
        std::chrono::milliseconds window;
        // Keys remembered at most; past it, those whose bucket has refilled are
        // forgotten, then (a flood of distinct keys) the longest untouched.
        std::size_t max_keys = 65536;
    };

    explicit FailureThrottle(const Options &options);

    // How long key must wait before its next attempt; zero if it may try now.
    std::chrono::milliseconds wait(std::string_view key, Clock::time_point now) const;
    // One failed attempt of key.
    void failed(std::string_view key, Clock::time_point now);
    // key succeeded: its failures are forgiven (a user who finally typed the
    // right password starts afresh; addresses are never forgiven).
    void forget(std::string_view key);
    std::size_t keys() const;

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };
    // The bucket's tokens at `now`.
    double tokens_at(const Bucket &bucket, Clock::time_point now) const;
    void make_room(Clock::time_point now);

    const double capacity_;
    const double per_ms_; // tokens refilled per millisecond
    const std::size_t max_keys_;
    mutable std::mutex mu_;
    std::unordered_map<std::string, Bucket> buckets_;
};

} // namespace chatd::auth
