#include "core/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>

namespace chatd::log {

void init() {
    auto logger = spdlog::stderr_logger_mt("chatd");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    // Refusals and failures must reach the operator even if the process dies next.
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
}

std::optional<spdlog::level::level_enum> parse_level(std::string_view name) {
    if (name == "trace") return spdlog::level::trace;
    if (name == "debug") return spdlog::level::debug;
    if (name == "info") return spdlog::level::info;
    if (name == "warn") return spdlog::level::warn;
    if (name == "error") return spdlog::level::err;
    if (name == "off") return spdlog::level::off;
    return std::nullopt;
}

void set_level(spdlog::level::level_enum level) { spdlog::set_level(level); }

} // namespace chatd::log
