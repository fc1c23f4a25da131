// Fifo: the connections' queues, which must behave as the std::deque they
// replaced and hold no memory while empty.
#include "core/fifo.hpp"

#include <atomic>
#include <cstdlib>
#include <gtest/gtest.h>
#include <memory>
#include <new>
#include <string>

// Every allocation of this test binary is counted, so a test can see whether
// a Fifo still holds any.
namespace {
std::atomic<long> live_allocations{0};
std::atomic<long> allocations_made{0};
} // namespace

void *operator new(std::size_t bytes) {
    if (void *p = std::malloc(bytes > 0 ? bytes : 1)) {
        ++live_allocations;
        ++allocations_made;
        return p;
    }
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept {
    if (p) --live_allocations;
    std::free(p);
}
void operator delete(void *p, std::size_t) noexcept { operator delete(p); }

namespace chatd {
namespace {

TEST(Fifo, HoldsNoMemoryUntilUsedOrOnceEmptyAgain) {
    const long before = live_allocations;
    {
        Fifo<std::unique_ptr<int>> queue;
        EXPECT_EQ(live_allocations, before);
        for (int i = 0; i < 100; ++i)
            queue.push_back(std::make_unique<int>(i));
        EXPECT_GT(live_allocations, before);
        while (!queue.empty())
            queue.pop_front();
        EXPECT_EQ(live_allocations, before);
        queue.push_back(std::make_unique<int>(1));
        queue.clear();
        EXPECT_TRUE(queue.empty());
        EXPECT_EQ(live_allocations, before);
    }
    EXPECT_EQ(live_allocations, before);
}

TEST(Fifo, PoppingLetsGoOfTheItemAtOnce) {
    auto shared = std::make_shared<int>(7);
    Fifo<std::shared_ptr<int>> queue;
    queue.push_back(shared);
    queue.push_back(shared);
    EXPECT_EQ(shared.use_count(), 3);
    queue.pop_front();
    EXPECT_EQ(shared.use_count(), 2);
    EXPECT_EQ(queue.size(), 1u);
}

TEST(Fifo, KeepsOrderWhileNeverRunningEmpty) {
    // Pushing two for each one popped makes the queue move its items down
    // many times over; none may be lost or reordered.
    Fifo<std::string> queue;
    int next_in = 0, next_out = 0;
    for (int round = 0; round < 1000; ++round) {
        queue.push_back(std::to_string(next_in++));
        queue.push_back(std::to_string(next_in++));
        ASSERT_EQ(queue.front(), std::to_string(next_out++));
        queue.pop_front();
        ASSERT_EQ(queue.size(), static_cast<std::size_t>(next_in - next_out));
    }
    while (!queue.empty()) {
        ASSERT_EQ(queue.front(), std::to_string(next_out++));
        queue.pop_front();
    }
    EXPECT_EQ(next_out, next_in);
}

TEST(Fifo, OneInOneOutReusesItsMemory) {
    // A queue of one or two however long it runs: once warm it allocates
    // nothing more, where a vector that only grew would reallocate.
    Fifo<int> queue;
    queue.push_back(0);
    queue.push_back(1);
    queue.pop_front();
    const long warm = allocations_made;
    for (int i = 2; i < 10000; ++i) {
        queue.push_back(i);
        ASSERT_EQ(queue.front(), i - 1);
        queue.pop_front();
    }
    EXPECT_EQ(allocations_made, warm);
    EXPECT_EQ(queue.size(), 1u);
}

} // namespace
} // namespace chatd
