#pragma once

#include "core/fifo.hpp"
#include "transport/payload.hpp"
#include "transport/transport.hpp"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace chatd::net {

struct CloseRequest {
    uint16_t code;
    std::string reason;
};

// A connection's bounded send queue. The pipeline thread pushes, the I/O thread
// pops; the bound is on queued payload bytes, so a client that stops reading
// costs at most `limit` bytes before it is cut off with 1008. Of those, the
// bytes of replies are counted apart, so the network can stop reading a client
// that provokes answers it does not read, long before its queue overflows.
class Outbox {
public:
    explicit Outbox(size_t limit_bytes) : limit_(limit_bytes) {}

    enum class Push { Queued, Overflow, Closing };
    Push push(transport::PayloadPtr payload, transport::Traffic traffic);
    // Close once everything already queued has been written.
    void close(uint16_t code, std::string reason);
    // Close before anything still queued, which is dropped: a shutdown or an
    // idle client must not wait behind a backlog the client may never read.
    void close_now(uint16_t code, std::string reason);

    // I/O thread side.
    // Moves the oldest frames into `out`, under one lock, while their wire
    // bytes stay within `max_bytes`; the first always, however large.
    // Returns the number moved.
    size_t take(std::vector<transport::PayloadPtr> &out, size_t max_bytes);
    bool empty() const;
    // The close to send now: set and nothing left to write before it.
    std::optional<CloseRequest> due_close() const;
    // Whether a close has been asked for, due or not.
    bool closing() const;
    size_t queued_bytes() const;
    // Of queued_bytes(), those of Traffic::Reply payloads.
    size_t reply_bytes() const;

private:
    struct Entry {
        transport::PayloadPtr payload;
        bool reply;
    };
    void drop_queue(); // with mu_ held
    mutable std::mutex mu_;
    Fifo<Entry> queue_;
    size_t bytes_ = 0;
    size_t reply_bytes_ = 0;
    size_t limit_;
    std::optional<CloseRequest> close_;
};

} // namespace chatd::net
