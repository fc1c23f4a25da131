#pragma once

#include <atomic>
#include <cstdint>

namespace chatd::net {

// The ids one event loop gives its connections and HTTP requests. The loops
// interleave their sequences (loop i of n gives i+1, i+1+n, i+1+2n, ...), so
// ids are unique across the server, never 0, and an id alone says which loop
// owns it: a send from the pipeline goes straight to that loop, with no
// shared table to look it up in.
class LoopIds {
public:
    LoopIds(unsigned index, unsigned count) : index_(index), count_(count) {}

    uint64_t next() { return issued_++ * count_ + index_ + 1; }
    unsigned index() const { return index_; }
    unsigned count() const { return count_; }

    // The loop of an id any loop of `count` gave; 0 (given by none) is loop 0's.
    static unsigned owner(uint64_t id, unsigned count) {
        return id == 0 ? 0 : static_cast<unsigned>((id - 1) % count);
    }

private:
    const unsigned index_;
    const unsigned count_;
    std::atomic<uint64_t> issued_{0};
};

} // namespace chatd::net
