#include "transport/payload.hpp"

#include <cstring>

namespace chatd::transport {

size_t text_frame_header(size_t length, unsigned char (&out)[10]) {
    constexpr unsigned char kFinalText = 0x81; // FIN, opcode 1; a server never masks
    out[0] = kFinalText;
    if (length < 126) {
        out[1] = static_cast<unsigned char>(length);
        return 2;
    }
    // The length in network byte order, in the fewest of the two wider forms.
    const size_t bytes = length <= 0xffff ? 2 : 8;
    out[1] = bytes == 2 ? 126 : 127;
    for (size_t i = 0; i < bytes; ++i)
        out[2 + i] =
            static_cast<unsigned char>(static_cast<uint64_t>(length) >> (8 * (bytes - 1 - i)));
    return 2 + bytes;
}

Payload::Payload(std::string_view text) {
    unsigned char header[10];
    header_ = text_frame_header(text.size(), header);
    wire_.resize(header_ + text.size());
    std::memcpy(wire_.data(), header, header_);
    if (!text.empty()) std::memcpy(wire_.data() + header_, text.data(), text.size());
}

} // namespace chatd::transport
