#pragma once

#include <optional>
#include <spdlog/spdlog.h>
#include <string_view>

namespace chatd::log {

// Sets up the process-wide logger: one line per event on stderr, so systemd
// and test harnesses read it the same way.
void init();
std::optional<spdlog::level::level_enum> parse_level(std::string_view name);
void set_level(spdlog::level::level_enum level);

} // namespace chatd::log
