#include "config/nesting_scan.hpp"

#include <algorithm>
#include <vector>

namespace chatd::config {
namespace {

// What the scan is reading: a new line, a [table] header, a key, or a value.
enum class Mode { line_start, header, key, value };

// An array or inline table not yet closed, and the depth of the container around it.
struct Open {
    char bracket;
    uint32_t outer_depth;
};

// The index just past the string whose opening quote is at `at`. A single-line string also ends
// at a line break: toml++ stops there with an error, so the scan should not read on as a string.
size_t skip_string(std::string_view text, size_t at) {
    const char quote = text[at];
    const bool escapes = quote == '"';
    if (text.substr(at, 3) == std::string_view(quote == '"' ? R"(""")" : "'''")) {
        for (size_t i = at + 3; i < text.size();) {
            if (escapes && text[i] == '\\') {
                i += 2;
            } else if (text[i] != quote) {
                ++i;
            } else {
                size_t run = 1;
                while (i + run < text.size() && text[i + run] == quote)
                    ++run;
                // Up to two quotes may end the content just before the closing three.
                if (run >= 3) return i + std::min<size_t>(run, 5);
                i += run;
            }
        }
        return text.size();
    }
    for (size_t i = at + 1; i < text.size(); ++i) {
        if (text[i] == '\n') return i;
        if (text[i] == quote) return i + 1;
        if (escapes && text[i] == '\\' && i + 1 < text.size() && text[i + 1] != '\n') ++i;
    }
    return text.size();
}

Position position_of(std::string_view text, size_t offset) {
    Position position{1, 1};
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++position.line;
            position.column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++position.column; // a UTF-8 continuation byte does not start a new character
        }
    }
    return position;
}

} // namespace

std::optional<Position> find_excess_nesting(std::string_view text) {
    // Depths count from the root table (0): in [x], "a.b = 1" puts b at depth 3. Here a part of
    // a [header] counts twice, though: it may name an array of tables, whose last table is one
    // level further down.
    uint32_t header_depth = 0; // the table the last [header] named, or deeper
    uint32_t depth = 0;        // the innermost container the text is in
    uint32_t parts = 0;        // the key or value being read sits at depth + parts
    std::vector<Open> open;
    Mode mode = Mode::line_start;
    size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0; // toml++ skips a byte order mark
    while (i < text.size()) {
        const size_t at = i;
        const char c = text[at];
        uint32_t reached = 0;
        if (mode == Mode::line_start && c != ' ' && c != '\t' && c != '\r' && c != '\n' &&
            c != '#') {
            if (c == '[') {
                mode = Mode::header;
                reached = header_depth = 2;
            } else {
                mode = Mode::key;
                depth = header_depth;
                parts = 1;
                reached = depth + parts;
            }
        }
        if (c == '#') {
            i = std::min(text.find('\n', i), text.size());
        } else if (c == '"' || c == '\'') {
            i = skip_string(text, i);
        } else if (c == '\n' && open.empty()) {
            mode = Mode::line_start;
            ++i;
        } else {
            if (mode == Mode::header && c == '.') {
                reached = header_depth += 2;
            } else if (mode == Mode::key && c == '.') {
                reached = depth + ++parts;
            } else if (mode == Mode::key && c == '=') {
                mode = Mode::value;
            } else if (mode == Mode::value && (c == '[' || c == '{')) {
                open.push_back({c, depth});
                depth += parts;
                parts = 1;
                reached = depth + parts;
                if (c == '{') mode = Mode::key;
            } else if (c == ',' && !open.empty()) {
                parts = 1;
                if (open.back().bracket == '{') mode = Mode::key;
            } else if ((c == ']' || c == '}') && !open.empty()) {
                depth = open.back().outer_depth;
                open.pop_back();
                mode = Mode::value;
            }
            ++i;
        }
        if (reached > max_nesting) return position_of(text, at);
    }
    return std::nullopt;
}

} // namespace chatd::config
