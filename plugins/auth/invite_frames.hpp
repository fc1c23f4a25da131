// `invite` and `uninvite` frames: a connection with one of an invite-only
// room's invite roles lets a user in (or no longer). The change is stored
// first and answered once durable, so an `invited` answer survives a
// restart; the in-memory invitations the join check reads change then too.
#pragma once

#include "invitation_store.hpp"
#include "invitations.hpp"
#include "room_policy.hpp"

#include <chatd/plugin_sdk.hpp>
#include <chatd/storage/fault_log.hpp>

#include <filesystem>
#include <optional>

namespace chatd::auth {

class InviteFrames {
public:
    // Opens the invitations in `database` (creating it if missing) and puts
    // them in `invitations`; throws std::runtime_error naming the file when
    // it cannot. policy and invitations outlive this.
    InviteFrames(const chatd::Host &host, const RoomPolicy &policy, Invitations &invitations,
                 const std::filesystem::path &database);

    // CHATD_PHASE_HANDLE: pauses the frame until the change is stored.
    chatd::Stage handle(chatd::Frame &frame);

private:
    // On the pipeline thread once the store has committed the change or failed.
    void stored(chatd_frame_id frame, bool invited, const Invitation &invitation,
                const std::optional<storage::Error> &error);

    const chatd::Host &host_;
    const RoomPolicy &policy_;
    Invitations &invitations_;
    storage::FaultLog faults_;
    InvitationStore store_; // last: its writer's completions use the members above
};

} // namespace chatd::auth
