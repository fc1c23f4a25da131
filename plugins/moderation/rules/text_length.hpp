// A message's length as its readers count it: characters, not bytes, so a
// max_chars limit is as strict for Cyrillic or emoji as for ASCII.
#pragma once

#include <cstddef>
#include <string_view>

namespace chatd::moderation {

// Unicode code points of UTF-8 text; each byte of an ill-formed sequence
// counts as one, so invalid text can never come out shorter than it is.
std::size_t characters(std::string_view text) noexcept;

} // namespace chatd::moderation
