#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace chatd {

// RFC 3339 UTC with milliseconds, e.g. "2026-11-26T14:00:00.123Z".
std::string rfc3339_ms(std::chrono::system_clock::time_point t);
// The same for Unix time in milliseconds, the ABI's form of a time.
std::string rfc3339_ms(int64_t unix_ms);
int64_t unix_ms_now();

} // namespace chatd
