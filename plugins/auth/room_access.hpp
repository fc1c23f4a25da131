// The one answer to "may this user do this in this room": the room policy's
// roles, then, in an invite-only room, an invitation or a role that may
// invite, for joining and for reading its history. The authorize stage asks
// it for a connection; anything else that knows a user's name and roles (a
// host hook asking on another plugin's behalf) asks it the same way.
#pragma once

#include "invitations.hpp"
#include "room_policy.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace chatd::auth {

// Whether the user has a role.
using RoleCheck = std::function<bool(std::string_view role)>;

// Empty if `user`, whose roles `has_role` knows, may do `action` in `room`;
// else the refusal's message, for a `forbidden` error.
std::string room_refusal(const RoomPolicy &policy, const Invitations &invitations,
                         std::string_view user, const RoleCheck &has_role, Action action,
                         std::string_view room);

// "a, b": roles as an error message lists them.
std::string role_list(const RoomPolicy::Roles &roles);

} // namespace chatd::auth
