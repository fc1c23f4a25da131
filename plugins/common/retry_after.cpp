#include "retry_after.hpp"

#include "json_text.hpp"

#include <nlohmann/json.hpp>

namespace chatd::plugins {

std::string wait_text(std::chrono::milliseconds wait) {
    return std::to_string((wait.count() + 999) / 1000) + " s";
}

std::string retry_after_error(const std::string &code, const std::string &message,
                              std::chrono::milliseconds wait) {
    return json_text(nlohmann::ordered_json{
        {"type", "error"}, {"code", code}, {"message", message}, {"retry_after_ms", wait.count()}});
}

} // namespace chatd::plugins
