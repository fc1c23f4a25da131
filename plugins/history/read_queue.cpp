#include "read_queue.hpp"

#include <pthread.h>

namespace chatd::history {

ReadQueue::ReadQueue(size_t max_waiting) : max_waiting_(max_waiting), thread_([this] { run(); }) {}

ReadQueue::~ReadQueue() { stop(); }

bool ReadQueue::submit(std::function<void()> read) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || waiting_.size() >= max_waiting_) return false;
        waiting_.push_back(std::move(read));
    }
    wake_.notify_one();
    return true;
}

void ReadQueue::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void ReadQueue::run() {
    pthread_setname_np(pthread_self(), "chatd-history-r");
    for (;;) {
        std::function<void()> read;
        {
            std::unique_lock lock(mu_);
            wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
            if (waiting_.empty()) return;
            read = std::move(waiting_.front());
            waiting_.pop_front();
        }
        read();
    }
}

} // namespace chatd::history
