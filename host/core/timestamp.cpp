#include "core/timestamp.hpp"

#include <cstdio>
#include <ctime>
#include <string_view>

namespace chatd {

namespace {

// Reads exactly `digits` decimal digits at `at`, advancing it.
std::optional<int> number_at(std::string_view text, size_t &at, size_t digits) {
    if (text.size() < at + digits) return std::nullopt;
    int value = 0;
    for (size_t end = at + digits; at < end; ++at) {
        if (text[at] < '0' || text[at] > '9') return std::nullopt;
        value = value * 10 + (text[at] - '0');
    }
    return value;
}

bool separator_at(std::string_view text, size_t &at, std::string_view accepted) {
    if (at >= text.size() || accepted.find(text[at]) == std::string_view::npos) return false;
    ++at;
    return true;
}

// The offset east of UTC in minutes: "Z", "+hh:mm" or "-hh:mm".
std::optional<int> offset_at(std::string_view text, size_t &at) {
    if (separator_at(text, at, "Zz")) return 0;
    if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return std::nullopt;
    const int sign = text[at++] == '-' ? -1 : 1;
    const auto hours = number_at(text, at, 2);
    if (!hours || *hours > 23 || !separator_at(text, at, ":")) return std::nullopt;
    const auto minutes = number_at(text, at, 2);
    if (!minutes || *minutes > 59) return std::nullopt;
    return sign * (*hours * 60 + *minutes);
}

} // namespace

std::optional<int64_t> parse_rfc3339_ms(std::string_view text) {
    using namespace std::chrono;
    size_t at = 0;
    const auto y = number_at(text, at, 4);
    if (!y || !separator_at(text, at, "-")) return std::nullopt;
    const auto mo = number_at(text, at, 2);
    if (!mo || !separator_at(text, at, "-")) return std::nullopt;
    const auto d = number_at(text, at, 2);
    if (!d || !separator_at(text, at, "Tt")) return std::nullopt;
    const year_month_day date{year(*y), month(static_cast<unsigned>(*mo)),
                              day(static_cast<unsigned>(*d))};
    if (!date.ok()) return std::nullopt;
    const auto h = number_at(text, at, 2);
    if (!h || *h > 23 || !separator_at(text, at, ":")) return std::nullopt;
    const auto mi = number_at(text, at, 2);
    if (!mi || *mi > 59 || !separator_at(text, at, ":")) return std::nullopt;
    const auto s = number_at(text, at, 2);
    if (!s || *s > 60) return std::nullopt; // 60: a leap second
    int64_t ms = 0;
    if (separator_at(text, at, ".")) {
        const size_t first = at;
        for (int scale = 100; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
            ms += (text[at] - '0') * scale;
            scale /= 10;
        }
        if (at == first) return std::nullopt;
    }
    const auto offset = offset_at(text, at);
    if (!offset || at != text.size()) return std::nullopt;
    const auto local = sys_days(date).time_since_epoch() + hours(*h) + minutes(*mi) + seconds(*s);
    return duration_cast<milliseconds>(local - minutes(*offset)).count() + ms;
}

std::string rfc3339_ms(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms % 1000));
    return buf;
}

std::string rfc3339_ms(int64_t unix_ms) {
    return rfc3339_ms(std::chrono::system_clock::time_point(std::chrono::milliseconds(unix_ms)));
}

int64_t unix_ms_now() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace chatd
