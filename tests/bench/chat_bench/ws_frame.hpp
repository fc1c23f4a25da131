#pragma once

// The client side of RFC 6455 that chat_bench needs, free of sockets so that
// it can be unit-tested: the upgrade request and the check of its answer,
// masked frames out, and a decoder that takes bytes as they arrive.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatd::bench::ws {

enum class Opcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA,
};

// A random Sec-WebSocket-Key (16 bytes, base64) from the given seed; the
// seed makes tests reproducible, the key need not be unpredictable here.
std::string make_key(std::uint64_t seed);
// The value the server must answer in Sec-WebSocket-Accept (RFC 6455 §4.2.2).
std::string accept_for(std::string_view key);
std::string upgrade_request(std::string_view host_port, std::string_view path,
                            std::string_view key);

enum class HandshakeState { incomplete, accepted, refused };
struct HandshakeResult {
    HandshakeState state = HandshakeState::incomplete;
    int status = 0;             // the HTTP status once the head is complete
    std::size_t head_bytes = 0; // bytes of the head: what follows is frames
};
// Looks at what has arrived so far of the answer to an upgrade request.
HandshakeResult check_handshake(std::string_view received, std::string_view key);

// Appends one masked frame (FIN set) carrying `payload` to `out`.
void append_frame(std::string &out, Opcode opcode, std::string_view payload,
                  std::uint32_t mask_key);
// A close frame with a status code and no reason.
void append_close(std::string &out, std::uint16_t code, std::uint32_t mask_key);

struct Message {
    Opcode opcode = Opcode::text; // text or binary for data, else a control frame
    std::string_view payload;     // valid until the next call to the decoder
};

// Takes bytes in any pieces and hands back whole messages: fragmented data
// messages are joined, control frames come out as they arrive (even between
// fragments). Frames from a server are unmasked, but a masked one is read too.
class Decoder {
public:
    explicit Decoder(std::size_t max_message_bytes = 16u << 20) : max_(max_message_bytes) {}

    void feed(std::string_view bytes);
    // The next complete message, or nullopt until more bytes come. After
    // error() is set it always returns nullopt.
    std::optional<Message> next();
    // Why the stream cannot be read on (a frame too large, a continuation
    // without a start, a bad control frame); empty while fine.
    const std::string &error() const { return error_; }

private:
    std::string buffer_;
    std::size_t read_ = 0; // bytes of buffer_ already consumed
    std::string fragments_;
    std::optional<Opcode> fragmented_{};
    std::string current_; // holds a joined message or an unmasked frame
    std::size_t max_;
    std::string error_;
};

} // namespace chatd::bench::ws
