#include "pipeline/timers.hpp"

#include <vector>

namespace chatd::pipeline {

uint64_t Timers::start(const void *owner, std::chrono::milliseconds delay,
                       std::chrono::milliseconds interval, Callback fire) {
    uint64_t id = next_id_++;
    Clock::time_point due = now_() + delay;
    queue_.emplace(Key{due, id}, Timer{owner, interval, std::move(fire)});
    due_.emplace(id, due);
    return id;
}

bool Timers::cancel(const void *owner, uint64_t id) {
    auto it = due_.find(id);
    if (it == due_.end()) return false;
    auto q = queue_.find(Key{it->second, id});
    if (q->second.owner != owner) return false;
    queue_.erase(q);
    due_.erase(it);
    return true;
}

void Timers::cancel_all(const void *owner) {
    std::vector<uint64_t> ids;
    for (const auto &[key, timer] : queue_)
        if (timer.owner == owner) ids.push_back(key.second);
    for (uint64_t id : ids)
        cancel(owner, id);
}

std::optional<Timers::Clock::time_point> Timers::next_due() const {
    if (queue_.empty()) return std::nullopt;
    return queue_.begin()->first.first;
}

void Timers::fire_due(Clock::time_point now) {
    while (!queue_.empty() && queue_.begin()->first.first <= now) {
        auto node = queue_.extract(queue_.begin());
        uint64_t id = node.key().second;
        Timer &timer = node.mapped();
        Callback fire = timer.fire;
        if (timer.interval.count() > 0) {
            // Re-armed before it runs, so the callback can cancel itself.
            Clock::time_point next = node.key().first + timer.interval;
            if (next <= now) next = now + timer.interval; // never fire in a burst to catch up
            node.key() = Key{next, id};
            due_[id] = next;
            queue_.insert(std::move(node));
        } else {
            due_.erase(id);
        }
        fire(id);
    }
}

} // namespace chatd::pipeline
