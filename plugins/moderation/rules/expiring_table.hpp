// What every rule here keeps per user (or per room and user): state that
// stops mattering at a time known when it is written (a bucket full again, a
// slow-mode interval over, a window past). Expired entries are the same as
// none, so they are swept whenever the table has doubled since the last
// sweep: memory stays within twice the entries still live (and a floor),
// and the cost of a sweep is spread over the insertions that grew it.
#pragma once

#include "ascii.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>

namespace chatd::moderation {

// The key of a user's entry within a scope (a room, or "" for none): users
// fold ASCII case-insensitively as everywhere in chatd, room names are exact,
// and '\0' is in no room name, so no scope and user spell another pair's key.
inline std::string user_key(std::string_view scope, std::string_view user) {
    std::string key(scope);
    key += '\0';
    key += plugins::ascii_lower(user);
    return key;
}

// A wait as the rules report it: whole milliseconds rounded up, never 0 (0
// would read as "now" to a client that was just refused).
inline std::chrono::milliseconds wait_of(std::chrono::steady_clock::duration wait) {
    return std::max(std::chrono::milliseconds{1},
                    std::chrono::ceil<std::chrono::milliseconds>(wait));
}

template <class Value> class ExpiringTable {
public:
    using Clock = std::chrono::steady_clock;

    struct Entry {
        Value value{};
        Clock::time_point expires{};
    };

    // The live entry under key, or nullptr (an expired one is erased).
    Entry *find(const std::string &key, Clock::time_point now) {
        auto it = entries_.find(key);
        if (it == entries_.end()) return nullptr;
        if (it->second.expires <= now) {
            entries_.erase(it);
            return nullptr;
        }
        return &it->second;
    }

    // The live entry under key, or a fresh one the caller must give an expiry.
    Entry &find_or_add(const std::string &key, Clock::time_point now) {
        if (Entry *live = find(key, now)) return *live;
        if (entries_.size() >= sweep_at_) {
            prune(now);
            sweep_at_ = std::max(kMinSweep, 2 * entries_.size());
        }
        return entries_[key];
    }

    void erase(const std::string &key) { entries_.erase(key); }

    // Drops what expired by now; how many were dropped.
    std::size_t prune(Clock::time_point now) {
        return std::erase_if(entries_,
                             [&](const auto &entry) { return entry.second.expires <= now; });
    }

    std::size_t size() const { return entries_.size(); }

private:
    // Below this many entries a sweep is not worth its walk.
    static constexpr std::size_t kMinSweep = 256;

    std::unordered_map<std::string, Entry> entries_;
    std::size_t sweep_at_ = kMinSweep;
};

} // namespace chatd::moderation
