// The auth plugin: who is talking. It gates readiness, so a connection is in
// no room and its frames reach no other stage until it has authenticated:
// in the upgrade request (a token in the access_token query parameter, a
// cookie or an Authorization: Bearer header, checked before the upgrade and
// refused with HTTP 401), or with an `auth` frame. In open mode everyone is
// a guest at once and `auth` picks a nickname. Roles are set on the
// connection through the host's identity API, where every plugin reads them.
// It also decides who may do what in which room, invite-only rooms included,
// and takes the invite and uninvite frames of those.
#pragma once

#include "failure_throttle.hpp"
#include "identity.hpp"
#include "invitations.hpp"
#include "invite_frames.hpp"
#include "nicknames.hpp"
#include "password_logins.hpp"
#include "room_access.hpp"
#include "room_policy.hpp"
#include "settings.hpp"
#include "token_logins.hpp"

#include <chatd/plugin_sdk.hpp>
#include <chatd/storage/fault_log.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>

namespace chatd::auth {

class AuthPlugin {
public:
    explicit AuthPlugin(const chatd::Host &host);

    static constexpr uint32_t plugin_flags = CHATD_PLUGIN_GATES_READY;
    static const std::array<chatd_stage, 3> stages;

    // Network thread.
    chatd_handshake_status on_handshake(chatd::Handshake &handshake);
    // A request for an HTTP route (history's): its token says who sends it.
    chatd_handshake_status on_http_request(chatd::IncomingRequest &request);
    // The room policy, for whichever plugin asks (history, for reads).
    std::optional<std::string> on_access(const chatd::AccessQuestion &question);
    void on_open(chatd_conn_id conn);
    void on_ready(chatd_conn_id conn);
    void on_close(chatd_conn_id conn);
    // CHATD_PHASE_IDENTIFY, `auth` frames, also before the connection is ready.
    chatd::Stage authenticate(chatd::Frame &frame);
    // CHATD_PHASE_AUTHORIZE: join, message and topic (set) against the room
    // policy.
    chatd::Stage authorize(chatd::Frame &frame);
    // CHATD_PHASE_HANDLE: invite and uninvite.
    chatd::Stage handle_invitation(chatd::Frame &frame);

private:
    struct HttpRefusal {
        uint16_t status;
        const char *code;
        std::string message;
    };
    // What a token in an HTTP request (an upgrade's or a route's) proves:
    // nothing without one, else who sent it or why it is refused.
    using RequestCredential = std::variant<std::monostate, Identity, HttpRefusal>;
    RequestCredential credential_of(const chatd::Request &request);
    chatd::Stage pick_nickname(chatd::Frame &frame);
    chatd::Stage check_password(chatd::Frame &frame);
    chatd::Stage check_token(chatd::Frame &frame);
    // On the pipeline thread once a worker has checked a password.
    void password_checked(chatd_frame_id frame, chatd_conn_id conn, const nlohmann::json &id,
                          const std::string &user, const PasswordCheck &result);
    static nlohmann::json auth_ok(const Identity &identity);
    // Sets the identity and lets the connection in (its rooms greet it).
    void admit(chatd_conn_id conn, const Identity &identity);
    // A failed attempt: counted against the address and the user, and logged.
    void failed(chatd_conn_id conn, const std::string &user, const std::string &why);
    chatd::Stage rate_limited(chatd::Frame &frame, std::chrono::milliseconds wait);
    // Empty if `user`, whose roles has_role knows, may do it in room, else
    // the refusal's message (room_refusal).
    std::string refusal(std::string_view user, const RoleCheck &has_role, Action action,
                        const std::string &room) const;
    // The wait a login attempt of user (empty: none named) from conn's
    // address must still sit out after failures; zero when it may go ahead.
    std::chrono::milliseconds throttled(const std::string &address, const std::string &user) const;

    const chatd::Host &host_;
    const Settings settings_;
    const RoomPolicy policy_;
    FailureThrottle throttle_;
    std::optional<TokenLogins> tokens_;         // jwt mode
    storage::FaultLog account_faults_;          // password mode; before passwords_
    std::unique_ptr<PasswordLogins> passwords_; // password mode
    Nicknames nicknames_;                       // open mode
    Invitations invitations_;
    std::unique_ptr<InviteFrames> invites_; // when a room is invite-only; after invitations_
    // Connections that must authenticate in time, by their deadline's timer.
    std::unordered_map<chatd_timer_id, chatd_conn_id> deadlines_;
    std::unordered_map<chatd_conn_id, chatd_timer_id> deadline_of_;
};

} // namespace chatd::auth
