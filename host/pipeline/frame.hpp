#pragma once

#include <chatd/plugin_abi.h>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

// The host's side of the ABI's opaque frame handle: one parsed client frame on
// its way through the stages. Plugins see it only through accessor functions.
struct chatd_frame {
    chatd_frame_id id = 0;
    chatd_conn_id conn = 0;
    nlohmann::json body; // always an object with a string "type"
    std::string json_cache;
    std::string error_code;
    std::string error_message;
    size_t next_stage = 0;                    // where a resumed frame carries on
    struct chatd_plugin *paused_by = nullptr; // only this plugin may resume it
};

namespace chatd::pipeline {

// Outgoing frames keep their keys in the order written, so "type" leads.
using OutJson = nlohmann::ordered_json;

// Serialize for the wire. Strings a plugin set may hold invalid UTF-8; they are
// replaced rather than allowed to throw.
template <class Json> std::string to_text(const Json &j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

} // namespace chatd::pipeline
