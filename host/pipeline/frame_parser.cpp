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

// Builds the frame exactly as json::parse would, and keeps the text of a
// top-level "id" that parsed as a double (a fraction, an exponent, or an
// integer beyond 64 bits): only the text tells whether the reply, which
// writes the double back, would echo the id as the client sent it.
class FrameBuilder : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
public:
    using Base = nlohmann::detail::json_sax_dom_parser<nlohmann::json>;
    explicit FrameBuilder(nlohmann::json &result) : Base(result) {}

    // sax_parse calls these on this class, so hiding the base's suffices.
    bool start_object(std::size_t n) { return ++depth_, Base::start_object(n); }
    bool end_object() { return --depth_, Base::end_object(); }
    bool start_array(std::size_t n) { return ++depth_, Base::start_array(n); }
    bool end_array() { return --depth_, Base::end_array(); }
    bool key(std::string &name) {
        at_id_ = depth_ == 1 && name == "id";
        if (at_id_) id_text_.clear(); // a repeated "id": the last one counts, as in the object
        return Base::key(name);
    }
    bool number_float(double value, const std::string &text) {
        if (at_id_ && depth_ == 1) id_text_ = text;
        return Base::number_float(value, text);
    }

    const std::string &id_text() const { return id_text_; }

private:
    int depth_ = 0;
    bool at_id_ = false;
    std::string id_text_;
};

// A reply writes a double id back in its shortest exact form, so an id such
// as 123456789012345678901234567890 would come back as 1.2345678901234568e+29.
bool echoes_exactly(const nlohmann::json &id, const std::string &text) {
    return !id.is_number_float() || nlohmann::json(id.get<double>()).dump() == text;
}

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
    FrameBuilder builder(body);
    try {
        json::sax_parse(data, &builder);
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
        if (!echoes_exactly(*it, builder.id_text()))
            return FrameError{"bad_request",
                              "'id' is a number that cannot be echoed exactly as sent; send it as "
                              "a string, an integer of at most 64 bits or a shorter fraction",
                              {}};
        if (it->dump().size() > kMaxIdBytes)
            return FrameError{"bad_request",
                              "'id' is longer than " + std::to_string(kMaxIdBytes) +
                                  " bytes of JSON",
                              {}};
        id = *it;
    }
    // Who sent a frame and when are the server's to say, in every frame. A
    // message's seq is the server's too, but it lives in the message record
    // (frame_commit_message), never in the frame's JSON, so a client's "seq"
    // can name a message it refers to (a moderator's delete) without
    // numbering anything.
    for (const char *reserved : {"from", "ts"})
        body.erase(reserved);
    auto type = body.find("type");
    if (type == body.end()) return FrameError{"bad_request", "missing 'type'", id};
    if (!type->is_string()) return FrameError{"bad_request", "'type' must be a string", id};
    return body;
}

} // namespace chatd::pipeline
