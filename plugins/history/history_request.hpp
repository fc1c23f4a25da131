#pragma once

#include "store/history_store.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chatd::history {

struct QueryLimits {
    size_t default_limit = 50;
    size_t max_limit = 500;
};

// A history request the client got wrong; the message says what to fix.
class BadRequest : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// The Query a `history` request asks for: its "room", exactly one anchor
// ("latest": true, "before", "after", "around": SEQ, "between": [SEQ, SEQ],
// "before_ts", "after_ts": RFC 3339), and the optional "limit", "from" and
// "search". The HTTP route builds the same object from its query string, so
// both are checked by this one function. Throws BadRequest.
Query parse_history_request(const nlohmann::json &request, const QueryLimits &limits);

// The history request an HTTP GET makes with its query string: `lookup`
// gives a decoded parameter. Numbers become numbers (anything else stays a
// string, which the parser names as malformed), `between=S1,S2` a pair, and
// no anchor at all means latest.
nlohmann::json
http_history_request(const std::string &room,
                     const std::function<std::optional<std::string_view>(const char *)> &lookup);

// What a `join` asks of history, both optional: "since", the last seq of
// the room the client has, and "epoch", the history that seq belongs to.
// Throws BadRequest.
struct ResumeRequest {
    std::optional<uint64_t> since = std::nullopt;
    std::optional<std::string> epoch = std::nullopt;
};
ResumeRequest parse_resume_request(const nlohmann::json &join);

// What a moderator's `delete` names: "room" (a room name), "seq" (1 or
// more) and an optional "reason" (a string). Throws BadRequest.
struct DeleteRequest {
    std::string room;
    uint64_t seq = 0;
    std::optional<std::string> reason = std::nullopt;
};
DeleteRequest parse_delete_request(const nlohmann::json &request);

// The request's "limit": 1 to max_limit, default_limit when absent.
size_t parse_limit(const nlohmann::json &request, const QueryLimits &limits);

} // namespace chatd::history
