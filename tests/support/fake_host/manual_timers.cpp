#include "manual_timers.hpp"

#include <algorithm>

namespace chatd::fake {

chatd_timer_id ManualTimers::start(uint64_t delay_ms, uint64_t interval_ms, Fire fire, void *user) {
    if (!fire) return 0;
    const chatd_timer_id id = next_id_++;
    timers_.emplace(id, Timer{now_ + delay_ms, interval_ms, fire, user});
    return id;
}

chatd_status ManualTimers::cancel(chatd_timer_id timer) {
    return timers_.erase(timer) ? CHATD_OK : CHATD_ERR_NOT_FOUND;
}

void ManualTimers::advance(uint64_t ms) {
    const uint64_t target = now_ + ms;
    for (;;) {
        // Earliest due first; ids break ties so equal deadlines fire in start order.
        const auto next =
            std::min_element(timers_.begin(), timers_.end(), [](const auto &a, const auto &b) {
                return a.second.due < b.second.due;
            });
        if (next == timers_.end() || next->second.due > target) break;
        const chatd_timer_id id = next->first;
        const Timer timer = next->second;
        now_ = timer.due;
        // Rescheduled or removed before the call, so the callback sees the
        // timer as the host would: cancellable if it repeats, gone if not.
        if (timer.interval == 0)
            timers_.erase(next);
        else
            next->second.due += timer.interval;
        timer.fire(timer.user, id);
    }
    now_ = target;
}

} // namespace chatd::fake
