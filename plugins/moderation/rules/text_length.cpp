#include "text_length.hpp"

#include "unicode.hpp"

namespace chatd::moderation {

std::size_t characters(std::string_view text) noexcept {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < text.size(); pos += decode_utf8(text, pos).length)
        ++count;
    return count;
}

} // namespace chatd::moderation
