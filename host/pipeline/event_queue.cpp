#include "pipeline/event_queue.hpp"

namespace chatd::pipeline {

void EventQueue::push(Event event) { shared_.push_back({next_seq_++, std::move(event)}); }

void EventQueue::push_barrier(Event event) {
    shared_.push_back({next_seq_++, std::move(event), true});
}

void EventQueue::push(Lane lane, Event event) {
    std::deque<Entry> &queue = lanes_[lane];
    const uint64_t seq = next_seq_++;
    if (queue.empty()) {
        turns_.push_back(lane);
        lane_fronts_.insert(seq);
    }
    queue.push_back({seq, std::move(event)});
    ++lane_events_;
}

void EventQueue::take(std::deque<Event> &out, size_t max) {
    while (out.size() < max && !empty())
        out.push_back(pop());
}

EventQueue::Event EventQueue::pop() {
    if (!shared_.empty()) {
        const Entry &front = shared_.front();
        const bool older_waiting = !lane_fronts_.empty() && *lane_fronts_.begin() < front.seq;
        if (!front.barrier || !older_waiting) {
            Event event = std::move(shared_.front().event);
            shared_.pop_front();
            return event;
        }
    }
    return pop_turn();
}

EventQueue::Event EventQueue::pop_turn() {
    const Lane lane = turns_.front();
    turns_.pop_front();
    auto it = lanes_.find(lane);
    std::deque<Entry> &queue = it->second;
    lane_fronts_.erase(queue.front().seq);
    Event event = std::move(queue.front().event);
    queue.pop_front();
    --lane_events_;
    if (queue.empty()) {
        lanes_.erase(it);
    } else {
        lane_fronts_.insert(queue.front().seq);
        turns_.push_back(lane);
    }
    return event;
}

} // namespace chatd::pipeline
