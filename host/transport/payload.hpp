#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace chatd::transport {

// One serialized outgoing text frame, built once and shared by every recipient.
// It carries libwebsockets' LWS_PRE headroom in front of the bytes so it can be
// written without a copy. lws writes the frame header into that headroom; all
// writes happen on the one I/O thread and an unmasked server header depends only
// on the length, so every recipient writes the same bytes there.
class Payload {
public:
    explicit Payload(std::string_view text);

    unsigned char *data() { return buf_.data() + preamble(); }
    size_t size() const { return size_; }
    std::string_view text() const {
        return {reinterpret_cast<const char *>(buf_.data() + preamble()), size_};
    }
    static size_t preamble();

private:
    std::vector<unsigned char> buf_;
    size_t size_;
};

using PayloadPtr = std::shared_ptr<Payload>;

inline PayloadPtr make_payload(std::string_view text) { return std::make_shared<Payload>(text); }

} // namespace chatd::transport
