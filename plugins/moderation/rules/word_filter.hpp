// Words a server will not carry: each entry a word to mask or to refuse the
// message for. Entries:
//   "badword"        the message is refused ("reject:" is the default)
//   "reject:spam*"   '*' stands for any letters (none included) within the word
//   "mask:darn"      the word's characters are replaced by '*', the rest sent
// A word is letters, digits and '*' (at least one letter or digit, at most
// kMaxPatternLength); no regular expressions, so the work per message is
// bounded by its length times the entries' (no backtracking to exploit).
//
// How text is matched, and what it is robust to:
//  - case-insensitively, with unicode.hpp's folding (ASCII, Latin-1, Latin
//    Extended-A, Greek, Cyrillic), and full-width ASCII as ASCII ("ＢＡＤ");
//  - invisible characters are ignored: zero-width spaces and joiners, the
//    soft hyphen, bidi controls, the BOM, combining diacritics ("b\u200Bad");
//  - a word spelled out one character at a time with separators between
//    (white space, '.', '-', '_', middle dots, dashes) is read as the word:
//    "b a d", "b.a.d", "b-a_d", also inside a longer run ("a b a d day");
//    pieces of more than one character are not joined ("sp am" passes), so
//    that words next to each other ("it's pam") never spell an entry;
//  - digits stand for the letters they look like, in a word that also has a
//    letter: 0=o, 1=i or l, 3=e, 4=a, 5=s, 7=t ("b4d"); a number alone is a
//    number ("455" is not "ass"). Symbols ('@', '$') are not letters;
//  - only whole words match: the match must begin and end at a word
//    boundary, so "ass" is not found in "class" nor "spam" in "antispam"
//    (entries that mean to catch those say "*spam").
// Letters are ASCII and the code points of the world's scripts (from U+00C0
// on, less punctuation, symbol and emoji blocks); diacritics composed into
// one code point are distinct letters ("bád" is not "bad"). Invalid UTF-8
// bytes are neither letters nor separators.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::moderation {

enum class Verdict { Pass, Mask, Reject };

struct FilterResult {
    Verdict verdict = Verdict::Pass;
    // The text to send: masked for Mask, as it came otherwise.
    std::string text;
    // The entry that matched, as configured (for the log); "" for Pass.
    // For Mask the first in the text, when several did.
    std::string matched;
};

class WordFilter {
public:
    static constexpr std::size_t kMaxPatternLength = 64;

    // Throws std::invalid_argument quoting the entry at fault ("word_filter
    // entry \"...\": ..."): empty, not UTF-8, a character that is not a
    // letter, digit or '*', no letter or digit, longer than kMaxPatternLength.
    explicit WordFilter(const std::vector<std::string> &entries);

    // Reject if any reject entry matches, else Mask if any mask entry does
    // (every match masked: its characters and the separators and invisible
    // characters between them, one '*' per code point, every other byte as
    // it was), else Pass.
    FilterResult apply(std::string_view text) const;

    bool empty() const { return patterns_.empty(); }

private:
    struct Pattern {
        std::u32string word; // folded; U'*' is the wildcard (never a letter)
        Verdict verdict;
        std::string entry;
    };

    std::vector<Pattern> patterns_;
};

} // namespace chatd::moderation
