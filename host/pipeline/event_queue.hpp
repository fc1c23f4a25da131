#pragma once

#include <chatd/plugin_abi.h>
#include <cstdint>
#include <deque>
#include <functional>
#include <set>
#include <unordered_map>

namespace chatd::pipeline {

// Whose turn an event waits for: one client's connection or HTTP request.
struct Lane {
    enum class Kind : uint8_t { Connection, HttpRequest };
    Kind kind;
    uint64_t id;
    bool operator==(const Lane &) const = default;
};

struct LaneHash {
    size_t operator()(const Lane &lane) const noexcept {
        return std::hash<uint64_t>{}(lane.id * 2 + (lane.kind == Lane::Kind::HttpRequest ? 1 : 0));
    }
};

// The pipeline thread's queue. Events of one client keep their order, and
// clients take turns, one event each: a client with a thousand frames queued
// delays another's ping by one frame per busy client, not by its backlog.
// The server's own events (resumes, posted work) go ahead of every turn: they
// finish work already accepted, so a flood of new frames must not starve them.
// Not thread-safe: the pipeline guards it with its mutex.
class EventQueue {
public:
    using Event = std::function<void()>;

    void push(Event event);
    // Runs once every event queued before it has run, whatever its lane:
    // what run_sync promises its caller.
    void push_barrier(Event event);
    void push(Lane lane, Event event);

    bool empty() const { return shared_.empty() && turns_.empty(); }
    size_t size() const { return shared_.size() + lane_events_; }
    // Moves up to `max` events into `out`, in the order they are to run.
    void take(std::deque<Event> &out, size_t max);

private:
    struct Entry {
        uint64_t seq;
        Event event;
        bool barrier = false;
    };
    Event pop();
    Event pop_turn();

    uint64_t next_seq_ = 0;
    std::deque<Entry> shared_;
    std::unordered_map<Lane, std::deque<Entry>, LaneHash> lanes_;
    // Lanes with events, in turn order; a lane is here exactly when it has events.
    std::deque<Lane> turns_;
    // The seq of each lane's oldest event: a barrier waits for those below its own.
    std::set<uint64_t> lane_fronts_;
    size_t lane_events_ = 0;
};

} // namespace chatd::pipeline
