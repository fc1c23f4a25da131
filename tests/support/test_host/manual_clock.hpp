// The test host's clock: what the pipeline reads as now() for timers and rate
// limits, moved forward only by the test.
#pragma once

#include "pipeline/timers.hpp"

#include <atomic>

namespace chatd::test {

class ManualClock {
public:
    using Clock = pipeline::Timers::Clock;

    Clock::time_point now() const { return at_.load(); }
    void set(Clock::time_point t) { at_ = t; }

private:
    // Any start will do; the steady clock's own keeps log lines plausible.
    std::atomic<Clock::time_point> at_{Clock::now()};
};

} // namespace chatd::test
