#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

namespace chatd::test {

// How long a test waits for something the pipeline thread should do soon. Long
// enough for a loaded CI machine under sanitizers; a passing test never waits it.
inline constexpr std::chrono::seconds kDeadline{5};

// Values handed from the pipeline thread to the test thread. Hooks push; the
// test either waits for the next value with a deadline or reads everything
// pushed so far, so no test ever sleeps for a fixed time.
template <class T> class Channel {
public:
    void push(T value) {
        {
            std::lock_guard lock(mu_);
            all_.push_back(value);
            unread_.push_back(std::move(value));
        }
        cv_.notify_all();
    }

    // The oldest value not yet popped, or nullopt if none arrives in time.
    std::optional<T> pop(std::chrono::milliseconds timeout = kDeadline) {
        std::unique_lock lock(mu_);
        if (!cv_.wait_for(lock, timeout, [&] { return !unread_.empty(); })) return std::nullopt;
        T value = std::move(unread_.front());
        unread_.pop_front();
        return value;
    }

    // Everything ever pushed, popped or not, in order.
    std::vector<T> all() const {
        std::lock_guard lock(mu_);
        return all_;
    }

private:
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<T> all_;
    std::deque<T> unread_;
};

} // namespace chatd::test
