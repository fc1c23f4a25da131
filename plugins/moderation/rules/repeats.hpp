// The same message again and again: a user who repeats one text (ignoring
// case and surrounding white space) within a window is refused, however slow
// they are about it. Only a hash of each text is kept, and only the last few
// per user, so what users said is never held here.
#pragma once

#include "expiring_table.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace chatd::moderation {

class RepeatGuard {
public:
    using Clock = std::chrono::steady_clock;

    // How many of a user's recent texts are remembered: a user cycling
    // through more distinct texts than this gets past, which costs them
    // more effort than it is worth.
    static constexpr std::size_t kRemembered = 4;

    // Whether the user sent the same text within `window` before now (the
    // caller refuses it, and it is not recorded: the window runs from the
    // text that passed). Otherwise records it and returns false. A window of
    // 0 or less is the guard off.
    bool repeated(std::string_view user, std::string_view text, std::chrono::milliseconds window,
                  Clock::time_point now);

    std::size_t prune(Clock::time_point now);
    // Users with texts remembered.
    std::size_t tracked() const;

private:
    struct Sent {
        uint64_t hash = 0;
        Clock::time_point at{};
    };
    struct Recent {
        std::array<Sent, kRemembered> texts{};
        std::size_t count = 0; // how many of texts are filled
        std::size_t next = 0;  // the slot the next text overwrites
    };
    // A user's entry expires a window after their latest text.
    ExpiringTable<Recent> users_;
};

// The hash repeats are compared by: the text without leading and trailing
// white space, case-folded (unicode.hpp's folding).
uint64_t repeat_hash(std::string_view text);

} // namespace chatd::moderation
