// Threads for a plugin's work that must not run on the pipeline thread (a
// history query waiting for the disk, an argon2id check taking tens of
// milliseconds and megabytes), behind a bounded queue: the threads bound
// what such work takes at once, the queue how long a caller may wait, and a
// caller past it is told so at once, so that a client flooding requests gets
// `busy` instead of growing the queue.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace chatd::plugins {

class WorkerPool {
public:
    // What stop() does with the jobs not started yet.
    enum class AtStop {
        Finish, // runs them first (each still answers its client)
        Drop,   // forgets them (their callers have gone away with the plugin)
    };
    struct Options {
        std::size_t threads = 1;
        std::size_t max_waiting;
        AtStop at_stop;
        std::string thread_name; // at most 15 bytes, as `top -H` shows it
    };

    explicit WorkerPool(const Options &options);
    // stop().
    ~WorkerPool();
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    // Any thread; false, and job is not run, when max_waiting jobs wait
    // already or the pool has stopped.
    bool submit(std::function<void()> job);
    // Ends the threads once the jobs running (and, for AtStop::Finish, those
    // waiting) are done. Idempotent.
    void stop();

private:
    void run();

    const Options options_;
    std::mutex mu_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> waiting_;
    bool stopping_ = false;
    std::vector<std::thread> threads_; // last: they start once everything above exists
};

} // namespace chatd::plugins
