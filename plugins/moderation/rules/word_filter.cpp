#include "word_filter.hpp"

#include "text_length.hpp"
#include "unicode.hpp"

#include <algorithm>
#include <initializer_list>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace chatd::moderation {

namespace {

enum class Kind { Letter, Digit, Separator, Other, Invisible };

struct Between {
    char32_t first, last;
};

bool in(char32_t c, std::initializer_list<Between> ranges) {
    return std::any_of(ranges.begin(), ranges.end(),
                       [&](const Between &r) { return c >= r.first && c <= r.last; });
}

// c already narrowed. An approximation of Unicode's categories that needs no
// tables: what matters is that letters of any script make words, and that
// what people put between spelled-out letters separates them.
Kind kind_of(char32_t c) {
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Kind::Letter;
        if (c >= '0' && c <= '9') return Kind::Digit;
        if (c == ' ' || (c >= '\t' && c <= '\r') || c == '.' || c == '-' || c == '_')
            return Kind::Separator;
        return Kind::Other;
    }
    if (in(c, {{0xAD, 0xAD},
               {0x300, 0x36F},
               {0x180E, 0x180E},
               {0x200B, 0x200F},
               {0x202A, 0x202E},
               {0x2060, 0x2064},
               {0xFE00, 0xFE0F},
               {0xFEFF, 0xFEFF}}))
        return Kind::Invisible;
    if (in(c, {{0xA0, 0xA0},
               {0xB7, 0xB7},
               {0x1680, 0x1680},
               {0x2000, 0x200A},
               {0x2010, 0x2015},
               {0x2022, 0x2022},
               {0x2024, 0x2024},
               {0x2027, 0x2029},
               {0x202F, 0x202F},
               {0x205F, 0x205F},
               {0x30FB, 0x30FB}}))
        return Kind::Separator;
    if (c == 0xD7 || c == 0xF7) return Kind::Other;
    if (in(c, {{0xAA, 0xAA},
               {0xB5, 0xB5},
               {0xBA, 0xBA},
               {0xC0, 0x1FFF},
               {0x2C00, 0x2DFF},
               {0x3040, 0xD7FF},
               {0xF900, 0xFDFF},
               {0xFE70, 0xFEFE},
               {0xFF66, 0xFFDC},
               {0x10000, 0x1EFFF},
               {0x20000, 0x3FFFF}}))
        return Kind::Letter;
    return Kind::Other;
}

bool is_word(Kind kind) { return kind == Kind::Letter || kind == Kind::Digit; }

// One visible character of the text; invisible ones are left out, so the
// letters either side of one are neighbours.
struct Unit {
    char32_t letter; // narrowed and folded
    Kind kind;
    std::size_t begin, end; // its bytes in the text
};

std::vector<Unit> units_of(std::string_view text) {
    std::vector<Unit> units;
    for (std::size_t pos = 0; pos < text.size();) {
        const CodePoint cp = decode_utf8(text, pos);
        const char32_t c = narrow(cp.value);
        const Kind kind = cp.valid ? kind_of(c) : Kind::Other;
        if (kind != Kind::Invisible) units.push_back({fold_case(c), kind, pos, pos + cp.length});
        pos += cp.length;
    }
    return units;
}

// The digits that stand for letters, and which.
bool looks_like(char32_t digit, char32_t letter) {
    switch (digit) {
    case '0': return letter == 'o';
    case '1': return letter == 'i' || letter == 'l';
    case '3': return letter == 'e';
    case '4': return letter == 'a';
    case '5': return letter == 's';
    case '7': return letter == 't';
    default: return false;
    }
}

// A word of the text to try the entries on: the units that spell it.
struct Candidate {
    std::vector<std::size_t> units;
    bool leet;    // it has a letter, so its digits may stand for letters
    bool partial; // a spelled-out run: entries may match any part of it
};

// Natural words (runs of letters and digits), and runs of two or more
// one-character words with only separators between them.
std::vector<Candidate> candidates_of(const std::vector<Unit> &units) {
    std::vector<Candidate> words;
    std::vector<Candidate> spelled;
    Candidate run{{}, false, true};
    std::size_t last_single = 0; // the unit of run's last one-character word
    const auto end_run = [&] {
        if (run.units.size() >= 2) spelled.push_back(run);
        run = {{}, false, true};
    };
    for (std::size_t i = 0; i < units.size();) {
        if (!is_word(units[i].kind)) {
            ++i;
            continue;
        }
        Candidate word{{}, false, false};
        for (; i < units.size() && is_word(units[i].kind); ++i) {
            word.units.push_back(i);
            word.leet = word.leet || units[i].kind == Kind::Letter;
        }
        if (word.units.size() == 1) {
            const bool joined =
                !run.units.empty() &&
                std::all_of(units.begin() + static_cast<std::ptrdiff_t>(last_single) + 1,
                            units.begin() + static_cast<std::ptrdiff_t>(word.units[0]),
                            [](const Unit &u) { return u.kind == Kind::Separator; });
            if (!joined) end_run();
            run.units.push_back(word.units[0]);
            run.leet = run.leet || word.leet;
            last_single = word.units[0];
        } else {
            end_run();
        }
        words.push_back(std::move(word));
    }
    end_run();
    words.insert(words.end(), spelled.begin(), spelled.end());
    return words;
}

constexpr std::size_t kNoMatch = static_cast<std::size_t>(-1);

// Runs entries' words over candidates as RE2 runs a regular expression: a
// set of states stepped letter by letter, never backtracking, so at most
// word.size() steps per letter. The sets are kept between runs, since a
// spelled-out run is tried from each of its letters.
class Matcher {
public:
    explicit Matcher(const std::vector<Unit> &units) : units_(units) {}

    // How many of the candidate's letters from `from` on the word matches at
    // most (kNoMatch: none). A spelled-out run is tried for at most
    // kMaxPatternLength letters from each start: no word is longer.
    std::size_t longest(std::u32string_view word, const Candidate &candidate, std::size_t from) {
        const std::size_t states = word.size() + 1;
        now_.assign(states, 0);
        next_.assign(states, 0);
        now_[0] = 1;
        close(word, now_);
        std::size_t longest = now_.back() ? 0 : kNoMatch;
        const std::size_t limit =
            candidate.partial ? WordFilter::kMaxPatternLength : candidate.units.size();
        const std::size_t end = std::min(candidate.units.size(), from + limit);
        for (std::size_t t = from; t < end; ++t) {
            const Unit &unit = units_[candidate.units[t]];
            std::fill(next_.begin(), next_.end(), 0);
            bool alive = false;
            for (std::size_t j = 0; j + 1 < states; ++j) {
                if (!now_[j]) continue;
                if (word[j] == U'*') {
                    next_[j] = 1;
                } else if (word[j] == unit.letter || (candidate.leet && unit.kind == Kind::Digit &&
                                                      looks_like(unit.letter, word[j]))) {
                    next_[j + 1] = 1;
                } else {
                    continue;
                }
                alive = true;
            }
            if (!alive) break;
            close(word, next_);
            now_.swap(next_);
            if (now_.back()) longest = t - from + 1;
        }
        return longest;
    }

private:
    // A '*' may match no letter: its state also stands in the next one.
    static void close(std::u32string_view word, std::vector<char> &set) {
        for (std::size_t j = 0; j < word.size(); ++j)
            if (set[j] && word[j] == U'*') set[j + 1] = 1;
    }

    const std::vector<Unit> &units_;
    std::vector<char> now_, next_;
};

struct Match {
    std::size_t first, last; // units
    const std::string *entry;
    Verdict verdict;
};

} // namespace

WordFilter::WordFilter(const std::vector<std::string> &entries) {
    for (const std::string &entry : entries) {
        try {
            std::string_view body = entry;
            Verdict verdict = Verdict::Reject;
            if (body.starts_with("mask:")) {
                verdict = Verdict::Mask;
                body.remove_prefix(5);
            } else if (body.starts_with("reject:")) {
                body.remove_prefix(7);
            }
            if (body.empty()) throw std::invalid_argument("it names no word");
            std::u32string word;
            for (std::size_t pos = 0; pos < body.size();) {
                const CodePoint cp = decode_utf8(body, pos);
                if (!cp.valid) throw std::invalid_argument("it is not UTF-8");
                const char32_t c = narrow(cp.value);
                if (c == U'*') {
                    if (word.empty() || word.back() != U'*') word += c;
                } else if (is_word(kind_of(c))) {
                    word += fold_case(c);
                } else {
                    throw std::invalid_argument(
                        "'" + std::string(body.substr(pos, cp.length)) +
                        "' is no letter, digit or '*' (an entry is a word, after mask: or "
                        "reject: or neither)");
                }
                pos += cp.length;
            }
            if (word == U"*") throw std::invalid_argument("'*' alone would match every word");
            if (word.size() > kMaxPatternLength)
                throw std::invalid_argument("it is longer than " +
                                            std::to_string(kMaxPatternLength) + " characters");
            patterns_.push_back({std::move(word), verdict, entry});
        } catch (const std::invalid_argument &e) {
            throw std::invalid_argument("word_filter entry \"" + entry + "\": " + e.what());
        }
    }
}

FilterResult WordFilter::apply(std::string_view text) const {
    FilterResult result{Verdict::Pass, std::string(text), {}};
    if (patterns_.empty()) return result;
    const std::vector<Unit> units = units_of(text);
    Matcher matcher(units);
    std::vector<Match> matches;
    for (const Candidate &candidate : candidates_of(units)) {
        for (const Pattern &pattern : patterns_) {
            std::u32string_view word = pattern.word;
            if (!candidate.partial) {
                if (matcher.longest(word, candidate, 0) == candidate.units.size())
                    matches.push_back({candidate.units.front(), candidate.units.back(),
                                       &pattern.entry, pattern.verdict});
                continue;
            }
            // Every letter of a spelled-out run is tried as a start, so a
            // leading '*' adds nothing there but work.
            if (word.front() == U'*') word.remove_prefix(1);
            for (std::size_t from = 0; from < candidate.units.size();) {
                const std::size_t length = matcher.longest(word, candidate, from);
                if (length == kNoMatch || length == 0) {
                    ++from;
                    continue;
                }
                matches.push_back({candidate.units[from], candidate.units[from + length - 1],
                                   &pattern.entry, pattern.verdict});
                from += length;
            }
        }
    }
    if (matches.empty()) return result;
    std::sort(matches.begin(), matches.end(),
              [](const Match &a, const Match &b) { return a.first < b.first; });
    const auto reject = std::find_if(matches.begin(), matches.end(),
                                     [](const Match &m) { return m.verdict == Verdict::Reject; });
    if (reject != matches.end()) {
        result.verdict = Verdict::Reject;
        result.matched = *reject->entry;
        return result;
    }
    result.verdict = Verdict::Mask;
    result.matched = *matches.front().entry;
    result.text.clear();
    std::size_t copied = 0; // bytes of text written out (or masked) so far
    for (const Match &match : matches) {
        const std::size_t begin = std::max(units[match.first].begin, copied);
        const std::size_t end = units[match.last].end;
        if (end <= begin) continue; // inside a match masked already
        result.text.append(text.substr(copied, begin - copied));
        result.text.append(characters(text.substr(begin, end - begin)), '*');
        copied = end;
    }
    result.text.append(text.substr(copied));
    return result;
}

} // namespace chatd::moderation
