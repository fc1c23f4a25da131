#include "pipeline/event_queue.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace chatd::pipeline {
namespace {

Lane conn(uint64_t id) { return {Lane::Kind::Connection, id}; }

// Queues events that record their name, then runs everything in the queue's order.
struct Recorder {
    EventQueue queue;
    std::vector<std::string> ran;

    EventQueue::Event event(std::string name) {
        return [this, name = std::move(name)] { ran.push_back(name); };
    }
    void run_all(size_t per_take = SIZE_MAX) {
        std::deque<EventQueue::Event> batch;
        while (!queue.empty()) {
            queue.take(batch, per_take);
            for (auto &e : batch)
                e();
            batch.clear();
        }
    }
};

TEST(EventQueue, ClientsTakeTurnsAndKeepTheirOwnOrder) {
    Recorder r;
    for (int i = 0; i < 3; ++i)
        r.queue.push(conn(1), r.event("a" + std::to_string(i)));
    r.queue.push(conn(2), r.event("b0"));
    r.queue.push(conn(2), r.event("b1"));
    r.queue.push(conn(3), r.event("c0"));
    EXPECT_EQ(r.queue.size(), 6u);
    r.run_all();
    EXPECT_EQ(r.ran, (std::vector<std::string>{"a0", "b0", "c0", "a1", "b1", "a2"}));
    EXPECT_EQ(r.queue.size(), 0u);
}

TEST(EventQueue, AFloodDelaysAnotherClientByOneEvent) {
    Recorder r;
    for (int i = 0; i < 1000; ++i)
        r.queue.push(conn(1), r.event("flood"));
    r.queue.push(conn(2), r.event("ping"));
    std::deque<EventQueue::Event> batch;
    r.queue.take(batch, 2);
    for (auto &e : batch)
        e();
    EXPECT_EQ(r.ran, (std::vector<std::string>{"flood", "ping"}));
}

TEST(EventQueue, ConnectionsAndHttpRequestsWithTheSameIdAreDifferentClients) {
    Recorder r;
    r.queue.push(conn(7), r.event("ws0"));
    r.queue.push(conn(7), r.event("ws1"));
    r.queue.push(Lane{Lane::Kind::HttpRequest, 7}, r.event("http"));
    r.run_all();
    EXPECT_EQ(r.ran, (std::vector<std::string>{"ws0", "http", "ws1"}));
}

TEST(EventQueue, TheServersOwnEventsGoAheadOfTurns) {
    Recorder r;
    r.queue.push(conn(1), r.event("frame0"));
    r.queue.push(conn(1), r.event("frame1"));
    r.queue.push(r.event("resume"));
    r.run_all(1);
    EXPECT_EQ(r.ran, (std::vector<std::string>{"resume", "frame0", "frame1"}));
}

TEST(EventQueue, ABarrierRunsAfterEverythingQueuedBeforeIt) {
    Recorder r;
    r.queue.push(conn(1), r.event("a0"));
    r.queue.push(conn(1), r.event("a1"));
    r.queue.push(conn(2), r.event("b0"));
    r.queue.push_barrier(r.event("barrier"));
    r.queue.push(conn(3), r.event("c0"));
    r.run_all(1);
    // c0 came after the barrier, so it may run before it; the rest may not.
    auto at = [&](const std::string &name) {
        return std::find(r.ran.begin(), r.ran.end(), name) - r.ran.begin();
    };
    EXPECT_GT(at("barrier"), at("a1"));
    EXPECT_GT(at("barrier"), at("b0"));
    EXPECT_EQ(r.ran.size(), 5u);
}

TEST(EventQueue, ABarrierWithNothingBeforeItRunsAtOnce) {
    Recorder r;
    r.queue.push_barrier(r.event("barrier"));
    r.queue.push(conn(1), r.event("a0"));
    r.run_all(1);
    EXPECT_EQ(r.ran, (std::vector<std::string>{"barrier", "a0"}));
}

} // namespace
} // namespace chatd::pipeline
