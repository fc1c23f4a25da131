// The little of Unicode the rules need, without a library: reading UTF-8 one
// code point at a time (bad bytes included, since a message is only checked
// for UTF-8 at the transport, not here), and simple case folding.
#pragma once

#include <cstddef>
#include <string_view>

namespace chatd::moderation {

struct CodePoint {
    char32_t value;     // the byte itself when !valid
    std::size_t length; // bytes read, at least 1
    bool valid;
};

// The code point at text[pos] (pos < text.size()). A byte that does not begin
// a well-formed sequence (stray continuation, overlong form, surrogate, past
// U+10FFFF, cut short) is read alone, as itself, not valid.
CodePoint decode_utf8(std::string_view text, std::size_t pos) noexcept;

// Simple (one to one) lower-case folding of ASCII, Latin-1 Supplement, Latin
// Extended-A, Greek and Coptic, and Cyrillic with its Supplement; final sigma
// folds to sigma, U+0130 and U+017F to 'i' and 's'. Other code points are as
// they are.
char32_t fold_case(char32_t c) noexcept;

// Full-width ASCII (U+FF01..U+FF5E, "ＢＡＤ") as the ASCII it imitates, and
// the ideographic space as a space.
char32_t narrow(char32_t c) noexcept;

} // namespace chatd::moderation
