#include "pipeline/frame_parser.hpp"

namespace chatd::pipeline {

namespace {

// Deeper JSON than any chat frame needs would only cost recursion in the
// serializer; refuse it before parsing.
constexpr int kMaxDepth = 32;

bool too_deep(std::string_view s) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : s) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxDepth) return true;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return false;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

} // namespace

std::variant<nlohmann::json, FrameError> parse_client_frame(std::string_view data, bool binary) {
    using nlohmann::json;
    if (binary)
        return FrameError{"bad_request", "binary frames are not supported; send JSON text", {}};

    size_t first = 0;
    while (first < data.size() && is_blank(data[first]))
        ++first;
    if (first == data.size() || data[first] != '{')
        return json{{"type", "message"}, {"text", std::string(data)}};

    if (too_deep(data)) return FrameError{"bad_request", "JSON nested too deeply", {}};
    json body;
    try {
        body = json::parse(data);
    } catch (const json::exception &e) {
        // parse_error for syntax, out_of_range for numbers like 1e999.
        return FrameError{"bad_request", std::string("invalid JSON: ") + e.what(), {}};
    }
    // A '{' start that parsed is an object; the id is checked before anything
    // else so later errors can echo it.
    json id;
    if (auto it = body.find("id"); it != body.end()) {
        if (!it->is_string() && !it->is_number())
            return FrameError{"bad_request", "'id' must be a string or a number", {}};
        id = *it;
    }
    // The server assigns these on the messages it publishes; a client must not.
    for (const char *reserved : {"seq", "from", "ts"})
        body.erase(reserved);
    auto type = body.find("type");
    if (type == body.end()) return FrameError{"bad_request", "missing 'type'", id};
    if (!type->is_string()) return FrameError{"bad_request", "'type' must be a string", id};
    return body;
}

} // namespace chatd::pipeline
