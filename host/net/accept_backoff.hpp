#pragma once

#include <chrono>
#include <cstdint>

namespace chatd::net {

// What a failed accept() means for the listen socket.
enum class AcceptFailure {
    NoneWaiting, // EAGAIN: the queue is empty
    NextClient,  // that one client's connection failed; the next may be fine
    OutOfFds,    // no descriptor or memory for any client: stop accepting for a while
};
AcceptFailure classify_accept_failure(int error);

// How long to stop polling the listen socket after accept() ran out of
// descriptors. A listen socket with clients waiting stays readable, so
// retrying at once would spin; growing pauses keep the cost of a lasting
// shortage (a plugin holding files) to a few attempts a second, and the first
// one is short so a brief shortage delays clients little. I/O thread only.
class AcceptBackoff {
public:
    static constexpr std::chrono::milliseconds kFirstPause{100};
    static constexpr std::chrono::milliseconds kLongestPause{1000};

    // accept() failed with OutOfFds: the pause before trying again.
    std::chrono::milliseconds failed();
    // A client was accepted: failures since the last one, and the next pause
    // is short again.
    uint64_t accepted();
    uint64_t failures() const { return failures_; }

private:
    std::chrono::milliseconds next_ = kFirstPause;
    uint64_t failures_ = 0;
};

} // namespace chatd::net
