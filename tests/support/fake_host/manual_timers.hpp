// Timers on a clock that moves only when a test says so, so timer-driven
// plugin behaviour is tested without sleeping.
#pragma once

#include <chatd/plugin_abi.h>

#include <cstddef>
#include <cstdint>
#include <map>

namespace chatd::fake {

class ManualTimers {
public:
    using Fire = void (*)(void *user, chatd_timer_id timer);

    // 0 when fire is NULL, as the ABI's "0 means none".
    chatd_timer_id start(uint64_t delay_ms, uint64_t interval_ms, Fire fire, void *user);
    chatd_status cancel(chatd_timer_id timer);
    // Moves the clock forward, firing every due occurrence in time order
    // (a 1 s repeating timer fires three times in advance(3000)). Callbacks
    // may start and cancel timers.
    void advance(uint64_t ms);
    void clear() { timers_.clear(); }

    uint64_t now_ms() const { return now_; }
    std::size_t active() const { return timers_.size(); }

private:
    struct Timer {
        uint64_t due;
        uint64_t interval;
        Fire fire;
        void *user;
    };
    std::map<chatd_timer_id, Timer> timers_;
    chatd_timer_id next_id_ = 1;
    uint64_t now_ = 0;
};

} // namespace chatd::fake
