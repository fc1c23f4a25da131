#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatd {

// RFC 3339 UTC with milliseconds, e.g. "2026-11-26T14:00:00.123Z".
std::string rfc3339_ms(std::chrono::system_clock::time_point t);
// The same for Unix time in milliseconds, the ABI's form of a time.
std::string rfc3339_ms(int64_t unix_ms);
int64_t unix_ms_now();
// Unix time in milliseconds of an RFC 3339 date-time ("2026-12-01T10:00:00Z",
// "2026-12-01T11:00:00.5+01:00"); nullopt for anything else. Digits of a
// fraction past the millisecond are dropped, as the formatting keeps none.
std::optional<int64_t> parse_rfc3339_ms(std::string_view text);

} // namespace chatd
