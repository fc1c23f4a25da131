#include "worker_pool.hpp"

#include <pthread.h>

namespace chatd::plugins {

WorkerPool::WorkerPool(const Options &options) : options_(options) {
    threads_.reserve(options_.threads);
    for (std::size_t i = 0; i < options_.threads; ++i)
        threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::submit(std::function<void()> job) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || waiting_.size() >= options_.max_waiting) return false;
        waiting_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        if (options_.at_stop == AtStop::Drop) waiting_.clear();
    }
    wake_.notify_all();
    for (std::thread &thread : threads_)
        if (thread.joinable()) thread.join();
}

void WorkerPool::run() {
    pthread_setname_np(pthread_self(), options_.thread_name.substr(0, 15).c_str());
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mu_);
            wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
            if (waiting_.empty()) return;
            job = std::move(waiting_.front());
            waiting_.pop_front();
        }
        job();
    }
}

} // namespace chatd::plugins
