#pragma once

#include <cstdint>
#include <string_view>

namespace chatd::transport {

// The close codes an endpoint may put on the wire: RFC 6455 §7.4 and the IANA
// registry it set up, which has added 1012-1014. Below 1000 is unused, 1004
// is reserved, 1005, 1006 and 1015 only ever describe a close locally,
// 1016-2999 are unassigned and 5000 and above are outside every range.
bool is_sendable_close_code(uint16_t code);

// RFC 6455 §5.5.1: a close frame's payload is empty, or a sendable code in two
// bytes followed by a reason. A peer that sends anything else gets 1002.
bool is_valid_close_payload(std::string_view payload);

} // namespace chatd::transport
