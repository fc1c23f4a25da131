#include "room_policy.hpp"

#include "room_entry.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace chatd::auth {

namespace {

constexpr std::array<std::string_view, 4> kActionNames = {"join", "post", "read", "topic"};

std::size_t index_of(Action action) { return static_cast<std::size_t>(action); }

RoomPolicy::Roles roles_of(std::string_view list,
                           const std::function<bool(std::string_view)> &known) {
    RoomPolicy::Roles roles;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string_view role = list.substr(start, comma - start);
        if (!known(role)) throw std::invalid_argument("'" + std::string(role) + "' is not a role");
        roles.emplace_back(role);
        start = comma + 1;
    }
    return roles;
}

// The word of an entry that makes its room invite-only.
constexpr std::string_view kInvite = "invite";

struct Entry {
    std::string room;
    RoomPolicy::Rules rules;
    RoomPolicy::Roles inviters; // empty: not invite-only
};

// One entry over the rules of every room; throws without naming the entry.
Entry parse_entry(const std::string &entry, RoomPolicy::Rules rules,
                  const std::function<bool(std::string_view)> &known) {
    plugins::RoomEntry words = plugins::parse_room_entry(entry, "action");
    Entry parsed{.room = std::move(words.room), .rules = std::move(rules), .inviters = {}};
    for (const auto &[key, value] : words.settings) {
        const auto it = std::find(kActionNames.begin(), kActionNames.end(), key);
        if ((it == kActionNames.end() && key != kInvite) || !value)
            throw std::invalid_argument("'" + key + (value ? "=" + *value : "") +
                                        "' is not join=, post=, read=, topic= or invite= with "
                                        "roles");
        RoomPolicy::Roles roles = roles_of(*value, known);
        if (it == kActionNames.end())
            parsed.inviters = std::move(roles);
        else
            parsed.rules[static_cast<std::size_t>(it - kActionNames.begin())] = std::move(roles);
    }
    return parsed;
}

} // namespace

std::string_view action_name(Action action) { return kActionNames[index_of(action)]; }

std::string action_phrase(Action action, const std::string &room) {
    switch (action) {
    case Action::Join: return "join room " + room;
    case Action::Post: return "post in room " + room;
    case Action::Read: return "read the history of room " + room;
    case Action::SetTopic: break;
    }
    return "set the topic of room " + room;
}

RoomPolicy::RoomPolicy(Rules everywhere, const std::vector<std::string> &room_entries,
                       const std::function<bool(std::string_view)> &known)
    : everywhere_(std::move(everywhere)) {
    for (const std::string &entry : room_entries) {
        try {
            Entry parsed = parse_entry(entry, everywhere_, known);
            if (!rooms_
                     .emplace(std::move(parsed.room),
                              RoomRules{std::move(parsed.rules), std::move(parsed.inviters)})
                     .second)
                throw std::invalid_argument("its room has an entry already");
        } catch (const std::invalid_argument &e) {
            throw std::invalid_argument("room_permissions entry \"" + entry + "\": " + e.what());
        }
    }
}

const RoomPolicy::Roles &RoomPolicy::needs(Action action, std::string_view room) const {
    const auto it = rooms_.find(room);
    return (it == rooms_.end() ? everywhere_ : it->second.rules)[index_of(action)];
}

const RoomPolicy::Roles &RoomPolicy::inviters(std::string_view room) const {
    static const Roles kNone;
    const auto it = rooms_.find(room);
    return it == rooms_.end() ? kNone : it->second.inviters;
}

bool RoomPolicy::has_invite_only_rooms() const {
    return std::any_of(rooms_.begin(), rooms_.end(),
                       [](const auto &room) { return !room.second.inviters.empty(); });
}

} // namespace chatd::auth
