// Refusals that tell the client when to try again: the same words and the
// same field whichever plugin (auth's login throttle, moderation's limits)
// refuses.
#pragma once

#include <chrono>
#include <string>

namespace chatd::plugins {

// A wait rounded up to whole seconds, "3 s", for a message a person reads.
std::string wait_text(std::chrono::milliseconds wait);

// {"type":"error","code":CODE,"message":MESSAGE,"retry_after_ms":WAIT}
std::string retry_after_error(const std::string &code, const std::string &message,
                              std::chrono::milliseconds wait);

} // namespace chatd::plugins
