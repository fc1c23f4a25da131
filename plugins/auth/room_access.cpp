#include "room_access.hpp"

#include <algorithm>

namespace chatd::auth {

namespace {

bool has_any(const RoomPolicy::Roles &roles, const RoleCheck &has_role) {
    return std::any_of(roles.begin(), roles.end(),
                       [&](const std::string &role) { return has_role(role); });
}

} // namespace

std::string role_list(const RoomPolicy::Roles &roles) {
    std::string list;
    for (const std::string &role : roles)
        list += (list.empty() ? "" : ", ") + role;
    return list;
}

std::string room_refusal(const RoomPolicy &policy, const Invitations &invitations,
                         std::string_view user, const RoleCheck &has_role, Action action,
                         std::string_view room) {
    const RoomPolicy::Roles &roles = policy.needs(action, room);
    if (!roles.empty() && !has_any(roles, has_role))
        return "only " + role_list(roles) + " may " + action_phrase(action, std::string(room));
    // Who may not join may not read what was said there either. Posting and
    // the topic need the room joined, which this already gates.
    if (action != Action::Join && action != Action::Read) return {};
    const RoomPolicy::Roles &inviters = policy.inviters(room);
    if (inviters.empty() || has_any(inviters, has_role) || invitations.contains(room, user))
        return {};
    return "room " + std::string(room) + " is invite-only";
}

} // namespace chatd::auth
