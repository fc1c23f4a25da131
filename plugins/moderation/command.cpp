#include "command.hpp"

#include "frame_fields.hpp"
#include "room_names.hpp"

#include <algorithm>

namespace chatd::moderation {

namespace {

// A user name as any auth mode makes one (an account, a token's claim, a
// guest's nickname): printable, no longer than a line of a log should carry.
constexpr size_t kMaxUserBytes = 128;

bool is_printable(std::string_view text) {
    return std::none_of(text.begin(), text.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

} // namespace

bool sets_sanction(std::string_view action) {
    return action == "ban" || action == "mute" || action == "shadow_mute";
}

Command read_command(const chatd::Frame &frame) {
    using plugins::Rejection;
    Command command{.action = std::string(frame.type())};
    const std::string_view user = plugins::required_string(frame, "user");
    if (user.empty() || user.size() > kMaxUserBytes || !is_printable(user))
        throw Rejection("bad_request", "user must be a user name of 1 to " +
                                           std::to_string(kMaxUserBytes) + " printable bytes");
    command.user = std::string(user);
    if (const auto room = plugins::optional_string(frame, "room")) {
        if (!plugins::is_valid_room_name(*room))
            throw Rejection("bad_request", plugins::room_name_rule());
        command.room = std::string(*room);
    }
    if (const auto reason = plugins::optional_string(frame, "reason")) {
        if (reason->size() > kMaxReasonBytes || !is_printable(*reason))
            throw Rejection("bad_request", "reason must be printable and at most " +
                                               std::to_string(kMaxReasonBytes) + " bytes");
        command.reason = std::string(*reason);
    }
    std::string_view ignored;
    const bool has_duration = frame.lookup_string("duration_s", ignored) != CHATD_ERR_NOT_FOUND;
    if (has_duration) {
        if (!sets_sanction(command.action))
            throw Rejection("bad_request", command.action + " takes no duration_s");
        const std::optional<int64_t> seconds = frame.get_int("duration_s");
        if (!seconds || *seconds < 1 || *seconds > kMaxDurationSeconds)
            throw Rejection("bad_request", "duration_s must be a whole number of seconds from 1 "
                                           "to " +
                                               std::to_string(kMaxDurationSeconds) +
                                               "; leave it out for a permanent " + command.action);
        command.duration_s = *seconds;
    }
    return command;
}

} // namespace chatd::moderation
