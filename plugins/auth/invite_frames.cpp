#include "invite_frames.hpp"

#include "accounts/user_names.hpp"
#include "json_text.hpp"
#include "room_access.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace chatd::auth {

InviteFrames::InviteFrames(const chatd::Host &host, const RoomPolicy &policy,
                           Invitations &invitations, const std::filesystem::path &database)
    : host_(host), policy_(policy), invitations_(invitations),
      faults_([host](const std::string &line) { host.error(line); },
              [host](const std::string &line) { host.info(line); }, "invitations are stored",
              "invite and uninvite get errors"),
      store_({.path = database}) {
    for (const Invitation &invitation : store_.at_open())
        invitations_.add(invitation.room, invitation.user);
}

chatd::Stage InviteFrames::handle(chatd::Frame &frame) {
    const bool invite = frame.type() == "invite";
    const auto room = frame.get_string("room");
    const auto user = frame.get_string("user");
    if (!room || !user)
        return frame.reject("bad_request",
                            std::string(frame.type()) + " needs a string room and a string user");
    const RoomPolicy::Roles &inviters = policy_.inviters(*room);
    if (inviters.empty())
        return frame.reject("bad_request", "room " + std::string(*room) + " is not invite-only");
    const chatd_conn_id conn = frame.conn();
    if (std::none_of(inviters.begin(), inviters.end(),
                     [&](const std::string &role) { return host_.has_role(conn, role); }))
        return frame.reject("forbidden", "only " + role_list(inviters) + " may invite to room " +
                                             std::string(*room));
    // Guests' names (guest-<n>) are no user name: they name a connection,
    // and after a restart another one.
    if (!is_valid_user_name(*user))
        return frame.reject("bad_request", "not a user name: " + user_name_rule());

    Invitation invitation{
        .room = std::string(*room), .user = std::string(*user), .by = host_.user(conn)};
    auto done = [this, paused = frame.id(), invite,
                 invitation](const std::optional<storage::Error> &error) {
        host_.run_on_pipeline([this, paused, invite, invitation, error] {
            stored(paused, invite, invitation, error);
        });
    };
    const storage::Submitted submitted =
        invite ? store_.invite(std::move(invitation), std::move(done))
               : store_.uninvite(std::move(invitation.room), std::move(invitation.user),
                                 std::move(done));
    switch (submitted) {
    case storage::Submitted::Queued: return chatd::Stage::Pause;
    case storage::Submitted::QueueFull:
        return frame.reject("busy", "too many invitations waiting to be stored; try again");
    case storage::Submitted::Stopped: break;
    }
    return frame.reject("unavailable", "the server is shutting down");
}

void InviteFrames::stored(chatd_frame_id frame, bool invited, const Invitation &invitation,
                          const std::optional<storage::Error> &error) {
    if (error) {
        faults_.failed(error->what());
        host_.resume(frame, chatd::Stage::Reject, error->busy() ? "busy" : "unavailable",
                     "invitations cannot be stored now");
        return;
    }
    faults_.worked();
    if (invited)
        invitations_.add(invitation.room, invitation.user);
    else
        invitations_.remove(invitation.room, invitation.user);
    host_.info(invitation.by + (invited ? " invited " : " uninvited ") + invitation.user +
               (invited ? " to room " : " from room ") + invitation.room);
    host_.resume_with_reply(
        frame, plugins::json_text<nlohmann::json>({{"type", invited ? "invited" : "uninvited"},
                                                   {"room", invitation.room},
                                                   {"user", invitation.user},
                                                   {"by", invitation.by}}));
}

} // namespace chatd::auth
