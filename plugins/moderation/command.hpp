// A moderator's command as the client sends it: kick, ban, unban, mute,
// unmute or shadow_mute, room-scoped or server-wide, read and checked before
// anything is stored.
#pragma once

#include <chatd/plugin_sdk.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace chatd::moderation {

struct Command {
    std::string action{}; // the frame's type
    std::string room{};   // empty: server-wide
    std::string user{};
    std::string reason{};   // empty: none given
    int64_t duration_s = 0; // ban, mute, shadow_mute: 0 is permanent
};

// Longest reason kept, in bytes: it is repeated to every member of the room.
inline constexpr size_t kMaxReasonBytes = 500;
// Longest timed sanction: ten years; longer is what permanent is for.
inline constexpr int64_t kMaxDurationSeconds = int64_t{10} * 365 * 24 * 3600;

// Longest user name a command may name: every auth mode's names (an
// account, a token's claim, a guest's nickname) fit.
inline constexpr size_t kMaxUserBytes = 128;

// No control characters (C0, DEL): a user name or reason is shown in rooms,
// logs and chatctl's tables.
bool is_printable(std::string_view text);
// 1 to kMaxUserBytes printable bytes; the rule in words for refusals.
bool is_valid_target_user(std::string_view user);
std::string target_user_rule();
// At most kMaxReasonBytes printable bytes (empty: none given).
bool is_valid_reason(std::string_view reason);
std::string reason_rule();

// Throws plugins::Rejection (bad_request) naming the field that is wrong.
Command read_command(const chatd::Frame &frame);

// Whether the action takes a duration_s (one that sets a sanction).
bool sets_sanction(std::string_view action);

} // namespace chatd::moderation
