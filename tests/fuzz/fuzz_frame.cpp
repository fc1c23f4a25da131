// Every client WebSocket message goes through parse_client_frame first; it
// must turn any bytes into either a frame body (a JSON object with a string
// "type") or an error, never crash or throw.
#include "pipeline/frame_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    // The first byte picks text or binary, the rest is the message.
    const bool binary = (data[0] & 1) != 0;
    std::string_view message(reinterpret_cast<const char *>(data + 1), size - 1);
    auto result = chatd::pipeline::parse_client_frame(message, binary);
    if (auto *body = std::get_if<nlohmann::json>(&result)) {
        auto type = body->find("type");
        if (!body->is_object() || type == body->end() || !type->is_string()) std::abort();
        // Who sent it and when are the server's to say; a "seq" stays, since
        // it can name a message (a delete) and never numbers one.
        for (const char *reserved : {"from", "ts"})
            if (body->contains(reserved)) std::abort();
    }
    return 0;
}
