// A frame's text. Replacing rather than throwing on invalid UTF-8 keeps a bad
// byte from turning into an internal error; the host already refuses such
// frames from clients, so only stored or configured text could carry one.
#pragma once

#include <string>

namespace chatd::plugins {

// For nlohmann::json and nlohmann::ordered_json alike.
template <class Json> std::string json_text(const Json &json) {
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

} // namespace chatd::plugins
