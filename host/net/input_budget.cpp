#include "net/input_budget.hpp"

#include <cassert>

namespace chatd::net {

void InputBudget::hold(uint64_t holder, uint64_t bytes) {
    auto [it, added] = partial_.try_emplace(holder, 0);
    const uint64_t before = it->second;
    if (!added) by_size_.erase({before, holder});
    it->second = bytes;
    by_size_.emplace(bytes, holder);
    partial_bytes_ = partial_bytes_ - before + bytes;
    // A partial only grows: a shrink would be a message reset without release.
    assert(bytes >= before);
    used_ += bytes - before;
}

void InputBudget::forget(uint64_t holder, uint64_t bytes) {
    by_size_.erase({bytes, holder});
    partial_.erase(holder);
    partial_bytes_ -= bytes;
}

uint64_t InputBudget::hand_over(uint64_t holder) {
    auto it = partial_.find(holder);
    if (it == partial_.end()) return 0;
    const uint64_t bytes = it->second;
    forget(holder, bytes);
    return bytes;
}

bool InputBudget::release(uint64_t holder) {
    auto it = partial_.find(holder);
    if (it == partial_.end()) return false;
    const uint64_t bytes = it->second;
    forget(holder, bytes);
    return give_back(bytes);
}

bool InputBudget::done(uint64_t bytes) { return give_back(bytes); }

bool InputBudget::give_back(uint64_t bytes) {
    const uint64_t before = used_.fetch_sub(bytes);
    // Each byte is given back once: more would wrap the count and pause
    // everyone for ever.
    assert(before >= bytes);
    const uint64_t half = limit_ / 2;
    return before > half && before - bytes <= half;
}

std::optional<uint64_t> InputBudget::over_share() const {
    if (partial_bytes_ <= limit_ / 2 || by_size_.empty()) return std::nullopt;
    return by_size_.rbegin()->second;
}

bool may_read(const ConnectionInput &conn, uint64_t used, const InputLimits &limits,
              bool resuming) {
    const uint64_t own = conn.waiting_bytes + conn.partial_bytes;
    const bool nothing_waiting = conn.waiting == 0;
    const bool alone = conn.waiting <= 1 && conn.partial_bytes <= kSmallPartialBytes;
    if (resuming)
        return conn.waiting <= kResumeReading &&
               (nothing_waiting || own <= limits.connection_bytes / 2) &&
               conn.reply_bytes <= limits.reply_bytes / 2 &&
               (alone || used <= limits.all_bytes / 2);
    return conn.waiting < kStopReading && (nothing_waiting || own < limits.connection_bytes) &&
           conn.reply_bytes <= limits.reply_bytes && (alone || used < limits.all_bytes);
}

} // namespace chatd::net
