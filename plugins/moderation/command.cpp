#include "command.hpp"

#include "frame_fields.hpp"
#include "room_names.hpp"

#include <algorithm>

namespace chatd::moderation {

bool is_printable(std::string_view text) {
    return std::none_of(text.begin(), text.end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

bool is_valid_target_user(std::string_view user) {
    return !user.empty() && user.size() <= kMaxUserBytes && is_printable(user);
}

std::string target_user_rule() {
    return "user must be a user name of 1 to " + std::to_string(kMaxUserBytes) + " printable bytes";
}

bool is_valid_reason(std::string_view reason) {
    return reason.size() <= kMaxReasonBytes && is_printable(reason);
}

std::string reason_rule() {
    return "reason must be printable and at most " + std::to_string(kMaxReasonBytes) + " bytes";
}

bool sets_sanction(std::string_view action) {
    return action == "ban" || action == "mute" || action == "shadow_mute";
}

Command read_command(const chatd::Frame &frame) {
    using plugins::Rejection;
    Command command{.action = std::string(frame.type())};
    const std::string_view user = plugins::required_string(frame, "user");
    if (!is_valid_target_user(user)) throw Rejection("bad_request", target_user_rule());
    command.user = std::string(user);
    if (const auto room = plugins::optional_string(frame, "room")) {
        if (!plugins::is_valid_room_name(*room))
            throw Rejection("bad_request", plugins::room_name_rule());
        command.room = std::string(*room);
    }
    if (const auto reason = plugins::optional_string(frame, "reason")) {
        if (!is_valid_reason(*reason)) throw Rejection("bad_request", reason_rule());
        command.reason = std::string(*reason);
    }
    const std::string hint = sets_sanction(command.action)
                                 ? " (seconds); leave it out for a permanent " + command.action
                                 : " (seconds)";
    if (const auto seconds =
            plugins::optional_int(frame, "duration_s", 1, kMaxDurationSeconds, hint)) {
        if (!sets_sanction(command.action))
            throw Rejection("bad_request", command.action + " takes no duration_s");
        command.duration_s = *seconds;
    }
    return command;
}

} // namespace chatd::moderation
