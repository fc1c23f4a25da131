#include "repeats.hpp"

#include "unicode.hpp"

#include <string>

namespace chatd::moderation {

namespace {

bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

} // namespace

uint64_t repeat_hash(std::string_view text) {
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    // FNV-1a over the folded code points: stable across runs and builds,
    // unlike std::hash, and a collision costs at most one wrongly refused
    // message.
    uint64_t hash = 14695981039346656037ull;
    for (std::size_t pos = 0; pos < text.size();) {
        const CodePoint cp = decode_utf8(text, pos);
        pos += cp.length;
        // Bad bytes hash apart from the code points of the same value.
        const char32_t value = cp.valid ? fold_case(cp.value) : 0x110000 + cp.value;
        for (int shift = 0; shift < 32; shift += 8) {
            hash ^= (value >> shift) & 0xFFu;
            hash *= 1099511628211ull;
        }
    }
    return hash;
}

bool RepeatGuard::repeated(std::string_view user, std::string_view text,
                           std::chrono::milliseconds window, Clock::time_point now) {
    if (window <= std::chrono::milliseconds::zero()) return false;
    const uint64_t hash = repeat_hash(text);
    const std::string key = user_key("", user);
    auto &entry = users_.find_or_add(key, now);
    Recent &recent = entry.value;
    for (std::size_t i = 0; i < recent.count; ++i)
        if (recent.texts[i].hash == hash && now - recent.texts[i].at < window) return true;
    recent.texts[recent.next] = {hash, now};
    recent.next = (recent.next + 1) % kRemembered;
    if (recent.count < kRemembered) ++recent.count;
    entry.expires = std::max(entry.expires, now + window);
    return false;
}

std::size_t RepeatGuard::prune(Clock::time_point now) { return users_.prune(now); }

std::size_t RepeatGuard::tracked() const { return users_.size(); }

} // namespace chatd::moderation
