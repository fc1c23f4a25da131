#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

namespace chatd::pipeline {

// One-shot and repeating timers for the pipeline thread. An owner tag (the
// plugin that started the timer) lets all of a plugin's timers be cancelled at
// its shutdown. Ids are never reused.
class Timers {
public:
    using Clock = std::chrono::steady_clock;
    using Callback = std::function<void(uint64_t id)>;

    // `now` is the clock start() measures delays from; fire_due is given the
    // same clock's time.
    explicit Timers(std::function<Clock::time_point()> now = &Clock::now) : now_(std::move(now)) {}

    uint64_t start(const void *owner, std::chrono::milliseconds delay,
                   std::chrono::milliseconds interval, Callback fire);
    bool cancel(const void *owner, uint64_t id); // false if not this owner's live timer
    void cancel_all(const void *owner);
    std::optional<Clock::time_point> next_due() const;
    // Fires every timer due at `now`; a callback may start or cancel timers.
    void fire_due(Clock::time_point now);

private:
    struct Timer {
        const void *owner;
        std::chrono::milliseconds interval;
        Callback fire;
    };
    using Key = std::pair<Clock::time_point, uint64_t>;
    std::map<Key, Timer> queue_;
    std::unordered_map<uint64_t, Clock::time_point> due_;
    uint64_t next_id_ = 1;
    std::function<Clock::time_point()> now_;
};

} // namespace chatd::pipeline
