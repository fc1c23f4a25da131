#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace chatd::transport {

// One outgoing text message as it goes on the wire: a whole, final, unmasked
// WebSocket text frame (RFC 6455 section 5.2), built once and shared by every
// recipient. A server's frame header depends only on the length, so the
// bytes are the same for all of them, and the network side can send many
// such frames to one socket in one write without framing anything itself.
class Payload {
public:
    explicit Payload(std::string_view text);

    // The message's text, without the header.
    std::string_view text() const {
        return {reinterpret_cast<const char *>(wire_.data() + header_), wire_.size() - header_};
    }
    size_t size() const { return wire_.size() - header_; }
    // The frame: header then text.
    std::span<const unsigned char> wire() const { return wire_; }

private:
    std::vector<unsigned char> wire_;
    size_t header_;
};

using PayloadPtr = std::shared_ptr<const Payload>;

inline PayloadPtr make_payload(std::string_view text) { return std::make_shared<Payload>(text); }

// Writes the header of a final text frame of `length` bytes into `out` and
// returns its size: 2, 4 or 10 bytes.
size_t text_frame_header(size_t length, unsigned char (&out)[10]);

} // namespace chatd::transport
