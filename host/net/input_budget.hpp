#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

namespace chatd::net {

// Received bytes the server holds, counted against `[server] input_queue_bytes`:
// messages waiting for the pipeline and HTTP bodies waiting for their answer
// ("queued": the pipeline or a responder will finish them), and messages and
// bodies still arriving ("partial": only their sender can finish them). A
// partial belongs to a holder, a connection's or an HTTP request's id.
//
// Partials can hold the budget for ever: a sender that stops halfway never
// finishes, and a paused one cannot. So partials together may take at most
// half the budget; past that, the holder of the largest is to be shed (closed
// with 1008 "server busy", or answered 503). Queued bytes always drain, so
// once they are gone the total is at most half, where paused readers resume:
// reading can never stay paused behind bytes that nothing will give back.
//
// hold/hand_over/release and the partial side are I/O thread only; done and
// used may be called from any thread.
class InputBudget {
public:
    explicit InputBudget(uint64_t limit) : limit_(limit) {}
    InputBudget(const InputBudget &) = delete;
    InputBudget &operator=(const InputBudget &) = delete;

    uint64_t limit() const { return limit_; }
    uint64_t used() const { return used_; }
    bool exhausted() const { return used() >= limit_; }
    uint64_t partial_bytes() const { return partial_bytes_; }

    // The holder's partial now has `bytes` in all.
    void hold(uint64_t holder, uint64_t bytes);
    // The holder's partial is complete: its bytes stay taken, as queued, until
    // done(). Returns them (0 if it held none).
    uint64_t hand_over(uint64_t holder);
    // The holder's partial is dropped and its bytes given back; a holder that
    // holds none (already released or handed over) gives back nothing, so a
    // second release is harmless. True if this reached the resume point.
    bool release(uint64_t holder);
    // Queued bytes have left the pipeline or been answered. True if this
    // reached the resume point: half the limit, coming from above it.
    bool done(uint64_t bytes);
    // The holder to shed while partials hold more than half the limit: the
    // one with the largest partial.
    std::optional<uint64_t> over_share() const;

private:
    bool give_back(uint64_t bytes);
    void forget(uint64_t holder, uint64_t bytes);

    const uint64_t limit_;
    std::atomic<uint64_t> used_{0};
    std::unordered_map<uint64_t, uint64_t> partial_;
    std::set<std::pair<uint64_t, uint64_t>> by_size_; // (bytes, holder)
    uint64_t partial_bytes_ = 0;
};

// Below this a message being received does not count against a connection
// being alone (see may_read): a chat line, a ping.
inline constexpr uint64_t kSmallPartialBytes = 4096;
// A connection with this many messages waiting in the pipeline stops being
// read until the pipeline has worked it down to kResumeReading, so one client
// flooding (or stuck behind a paused frame) cannot grow the pipeline's queue.
// The byte bounds resume at half.
inline constexpr size_t kStopReading = 64;
inline constexpr size_t kResumeReading = 16;

// What one WebSocket connection holds.
struct ConnectionInput {
    size_t waiting = 0;         // messages in the pipeline
    uint64_t waiting_bytes = 0; // their bytes
    uint64_t partial_bytes = 0; // of the message being received
    uint64_t reply_bytes = 0;   // answers to its own frames it has not read yet
};

struct InputLimits {
    uint64_t connection_bytes;         // connection_input_bytes
    uint64_t all_bytes;                // input_queue_bytes
    uint64_t reply_bytes = UINT64_MAX; // reply_queue_bytes
};

// Whether a connection may be read, given everyone's bytes (`used`); with
// `resuming`, whether a paused one may be read again, which waits for more
// room than pausing needs so that a connection at a bound is not paused and
// resumed for every message.
//
// - Its own bound counts the message being received too, but stops only a
//   connection with messages in the pipeline: one with none would wait for
//   nothing (its message is capped by max_message_bytes instead).
// - The bound for everyone stops only a connection that is not alone: alone
//   is nothing waiting but the one message just read and at most a small
//   message arriving. A client that waits for its answers (every interactive
//   one) is never held up by others' floods or half-sent messages, while a
//   large message still arriving waits for room.
// - A client that does not read what it asked for is not read either: it
//   could otherwise make the server queue answers as fast as it sends.
bool may_read(const ConnectionInput &conn, uint64_t used, const InputLimits &limits, bool resuming);

} // namespace chatd::net
