// Numbers a plugin made into text and reads back (cursors, query arguments):
// digits only, so a sign, a space or an empty part is no number.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace chatd::plugins {

// The whole text as an unsigned decimal; nullopt if any of it is not a digit,
// if there is none, or if the number does not fit.
std::optional<uint64_t> whole_number(std::string_view text);

} // namespace chatd::plugins
