#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace chatd::history {

// Where history queries run: a thread of their own, so the pipeline thread
// never waits for the disk. Bounded: a client flooding queries gets `busy`
// instead of growing the queue.
class ReadQueue {
public:
    explicit ReadQueue(size_t max_waiting);
    // stop().
    ~ReadQueue();
    ReadQueue(const ReadQueue &) = delete;
    ReadQueue &operator=(const ReadQueue &) = delete;

    // Any thread; false when max_waiting reads wait already, or stopped.
    bool submit(std::function<void()> read);
    // Runs what is queued, then ends the thread. Idempotent.
    void stop();

private:
    void run();

    const size_t max_waiting_;
    std::mutex mu_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> waiting_;
    bool stopping_ = false;
    std::thread thread_; // last: starts once everything above exists
};

} // namespace chatd::history
