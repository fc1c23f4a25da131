#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace chatd {

// A first-in, first-out queue that holds no memory while it is empty. It
// stands in for std::deque where a connection keeps a queue: libstdc++'s
// deque allocates a map and a 512-byte block when it is constructed and
// keeps a block once used, and every idle connection would pay that for each
// of its queues (README, "Memory per connection"). The price is an
// allocation whenever the queue fills again after running empty. Unlike a
// deque's, its items move when it grows: keep what they point to, never a
// reference to an item across a push_back.
template <class T> class Fifo {
public:
    bool empty() const { return head_ == items_.size(); }
    std::size_t size() const { return items_.size() - head_; }
    T &front() { return items_[head_]; }
    const T &front() const { return items_[head_]; }

    void push_back(T item) {
        // The slots of popped items are reused once they are half of the
        // vector: moving the rest down then costs no more than those pops
        // did, and a queue that never runs empty stays within twice its size.
        if (head_ > 0 && head_ * 2 >= items_.size()) {
            items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
        }
        items_.push_back(std::move(item));
    }

    void pop_front() {
        items_[head_++] = T(); // what the item owns goes now, not at the next compaction
        if (empty()) clear();
    }

    void clear() {
        std::vector<T>().swap(items_);
        head_ = 0;
    }

private:
    std::vector<T> items_;
    std::size_t head_ = 0;
};

} // namespace chatd
