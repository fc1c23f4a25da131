#pragma once

#include <chrono>
#include <string>

namespace chatd {

// RFC 3339 UTC with milliseconds, e.g. "2026-11-26T14:00:00.123Z".
std::string rfc3339_ms(std::chrono::system_clock::time_point t);

} // namespace chatd
