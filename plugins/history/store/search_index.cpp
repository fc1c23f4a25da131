#include "search_index.hpp"

#include "history_store.hpp"

namespace chatd::history::search {

std::string match_expression(std::string_view words) {
    // NUL too: it would end the query where SQLite reads it as C text.
    static constexpr std::string_view kSpace{" \t\n\v\f\r\0", 7};
    std::string match;
    for (size_t start = words.find_first_not_of(kSpace); start != std::string_view::npos;) {
        const size_t end = std::min(words.find_first_of(kSpace, start), words.size());
        if (!match.empty()) match += ' ';
        match += '"';
        for (const char c : words.substr(start, end - start)) {
            if (c == '"') match += '"'; // FTS5 strings escape a quote by doubling it
            match += c;
        }
        match += '"';
        start = words.find_first_not_of(kSpace, end);
    }
    if (match.empty()) throw StoreError(Fault::BadQuery, "a search needs at least one word");
    return match;
}

} // namespace chatd::history::search
