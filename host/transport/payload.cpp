#include "transport/payload.hpp"

#include <cstring>
#include <libwebsockets.h>

namespace chatd::transport {

size_t Payload::preamble() { return LWS_PRE; }

Payload::Payload(std::string_view text) : buf_(LWS_PRE + text.size()), size_(text.size()) {
    if (!text.empty()) std::memcpy(buf_.data() + LWS_PRE, text.data(), text.size());
}

} // namespace chatd::transport
