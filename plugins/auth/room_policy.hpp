// Who may do what in which room: for each action the roles that allow it,
// the same in every room (may_join, may_post, may_read, may_set_topic) unless
// a room has its own (room_permissions, e.g. "announcements post=admin,moderator").
// An empty list allows everyone, so a config that says nothing changes nothing.
// A room's entry may also make it invite-only ("staff invite=moderator,admin"):
// the roles that may invite; who else may join it is for RoomAccess to say.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::auth {

enum class Action { Join, Post, Read, SetTopic };

// The action's word in config and errors: "join", "post", "read", "topic".
std::string_view action_name(Action action);
// "post in room dev", for refusals.
std::string action_phrase(Action action, const std::string &room);

class RoomPolicy {
public:
    using Roles = std::vector<std::string>;
    using Rules = std::array<Roles, 4>; // by Action

    // `everywhere` holds each action's roles for rooms without their own;
    // `room_entries` are "ROOM action=role,role ..." with actions join, post,
    // read, topic (an action left out keeps its `everywhere` roles) and
    // invite (the room is invite-only and these roles invite). Throws
    // std::invalid_argument naming the entry and what is wrong: a bad room
    // name, an unknown action or a role `known` refuses, a room twice.
    RoomPolicy(Rules everywhere, const std::vector<std::string> &room_entries,
               const std::function<bool(std::string_view)> &known);

    // The roles of which one allows `action` in `room`; empty: everyone may.
    const Roles &needs(Action action, std::string_view room) const;
    // The roles that may invite to `room`; empty: it is not invite-only.
    const Roles &inviters(std::string_view room) const;
    // Whether any room is invite-only (so invitations must be kept).
    bool has_invite_only_rooms() const;

private:
    struct RoomRules {
        Rules rules;
        Roles inviters;
    };

    Rules everywhere_;
    std::map<std::string, RoomRules, std::less<>> rooms_;
};

} // namespace chatd::auth
