#pragma once

#include <chatd/plugin_abi.h>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace chatd::pipeline {

struct Connection;

// Outgoing frames keep their keys in the order written, so "type" leads.
using OutJson = nlohmann::ordered_json;

// Serialize for the wire. Strings a plugin set may hold invalid UTF-8; they are
// replaced rather than allowed to throw.
template <class Json> std::string to_text(const Json &j) {
    return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// What makes a frame a room message (frame_make_message), from marking through
// commit to delivery. Room and text stay in the frame body until the commit
// fixes the delivered text, so stages before it may still rewrite them.
struct MessageState {
    bool marked = false;
    OutJson extra = OutJson::object();
    std::string extra_text = "{}"; // extra, serialized for chatd_message views
    uint64_t seq = 0;              // 0 until committed
    int64_t ts_ms = 0;             // Unix milliseconds, set with seq
    std::string committed_json;
};

} // namespace chatd::pipeline

// The host's side of the ABI's opaque frame handle: one parsed client frame on
// its way through the stages. Plugins see it only through accessor functions.
struct chatd_frame {
    chatd_frame_id id = 0;
    chatd_conn_id conn = 0;
    // The connection whose queue holds this frame, which outlives it; null
    // for a paused commit that outlives its connection (Pipeline::Paused),
    // which no stage sees again.
    chatd::pipeline::Connection *owner = nullptr;
    nlohmann::json body; // always an object with a string "type"
    std::string json_cache;
    std::string error_code;
    std::string error_message;
    chatd::pipeline::MessageState message;
    // What stages put in its answer (frame_answer_add); null: no answer.
    chatd::pipeline::OutJson answer;
    std::string message_cache;                // frame_message_json before the commit
    size_t next_stage = 0;                    // where a resumed frame carries on
    struct chatd_plugin *paused_by = nullptr; // only this plugin may resume it
};
