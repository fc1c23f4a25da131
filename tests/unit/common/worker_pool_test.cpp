// The plugins' worker pool: bounded waiting, and what stopping does with the
// jobs not started.
#include "worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace chatd::plugins {
namespace {

using AtStop = WorkerPool::AtStop;

// A job that holds its thread until released, so that the test knows what
// waits behind it.
struct Gate {
    std::promise<void> started;
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::function<void()> job() {
        return [this] {
            started.set_value();
            released.wait();
        };
    }
};

TEST(WorkerPoolTest, PastMaxWaitingASubmitIsRefusedAtOnce) {
    WorkerPool pool(
        {.threads = 1, .max_waiting = 2, .at_stop = AtStop::Finish, .thread_name = "t"});
    Gate gate;
    ASSERT_TRUE(pool.submit(gate.job()));
    gate.started.get_future().wait();
    std::atomic<int> ran = 0;
    EXPECT_TRUE(pool.submit([&] { ++ran; }));
    EXPECT_TRUE(pool.submit([&] { ++ran; }));
    EXPECT_FALSE(pool.submit([&] { ++ran; }));
    gate.release.set_value();
    pool.stop();
    EXPECT_EQ(ran, 2);
}

TEST(WorkerPoolTest, FinishRunsWhatWaitsAndDropForgetsIt) {
    for (AtStop at_stop : {AtStop::Finish, AtStop::Drop}) {
        std::atomic<int> ran = 0;
        Gate gate;
        {
            WorkerPool pool(
                {.threads = 1, .max_waiting = 100000, .at_stop = at_stop, .thread_name = "t"});
            ASSERT_TRUE(pool.submit(gate.job()));
            gate.started.get_future().wait();
            for (int i = 0; i < 3; ++i)
                ASSERT_TRUE(pool.submit([&] { ++ran; }));
            // The running job may end only once stop() has begun: a job
            // refused while the queue has room says so. Released earlier, the
            // worker would run the waiting jobs before stop() could drop them.
            std::thread releaser([&] {
                while (pool.submit([] {}))
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                gate.release.set_value();
            });
            pool.stop();
            releaser.join();
            EXPECT_FALSE(pool.submit([&] { ++ran; }));
        }
        EXPECT_EQ(ran, at_stop == AtStop::Finish ? 3 : 0);
    }
}

TEST(WorkerPoolTest, JobsRunOnSeveralThreadsAtOnce) {
    // Declared before the pool, so the pool joins its threads before the
    // gates they still wait on are destroyed.
    Gate first, second;
    WorkerPool pool(
        {.threads = 2, .max_waiting = 4, .at_stop = AtStop::Finish, .thread_name = "t"});
    ASSERT_TRUE(pool.submit(first.job()));
    ASSERT_TRUE(pool.submit(second.job()));
    // Both start although neither has finished: two threads.
    first.started.get_future().wait();
    second.started.get_future().wait();
    first.release.set_value();
    second.release.set_value();
}

} // namespace
} // namespace chatd::plugins
