// Reading the fields of a client frame. A field that is wrong throws
// Rejection, so handlers read top to bottom and the dispatcher turns the
// exception into the error frame in one place (the rooms and moderation
// plugins' handlers alike).
#pragma once

#include <chatd/plugin_sdk.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace chatd::plugins {

// An error the client caused; `what()` is the message sent with `code`.
class Rejection : public std::runtime_error {
public:
    Rejection(std::string code, const std::string &message)
        : std::runtime_error(message), code_(std::move(code)) {}
    const std::string &code() const noexcept { return code_; }

private:
    std::string code_;
};

// Views point into the frame: they dangle once the frame is changed.
std::optional<std::string_view> optional_string(const chatd::Frame &frame, const char *key);
std::string_view required_string(const chatd::Frame &frame, const char *key);
// A whole number from `min` to `max`, or nullopt when the frame has no `key`.
// `hint` is added to the message of the Rejection, to say what leaving the
// field out means.
std::optional<int64_t> optional_int(const chatd::Frame &frame, const char *key, int64_t min,
                                    int64_t max, std::string_view hint = {});

} // namespace chatd::plugins
