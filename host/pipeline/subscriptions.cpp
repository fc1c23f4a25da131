#include "pipeline/subscriptions.hpp"

#include <algorithm>

namespace chatd::pipeline {

namespace {
const std::vector<chatd_conn_id> kNoMembers;
const std::vector<std::string> kNoRooms;
} // namespace

bool Subscriptions::subscribe(chatd_conn_id conn, std::string_view room) {
    if (is_member(conn, room)) return false;
    auto it = rooms_.find(room);
    if (it == rooms_.end()) it = rooms_.emplace(std::string(room), Room{}).first;
    it->second.members.push_back(conn);
    it->second.deliveries.emplace_back();
    by_conn_[conn].emplace_back(room);
    return true;
}

bool Subscriptions::unsubscribe(chatd_conn_id conn, std::string_view room) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) return false;
    auto &members = it->second.members;
    auto m = std::find(members.begin(), members.end(), conn);
    if (m == members.end()) return false;
    it->second.deliveries.erase(it->second.deliveries.begin() + (m - members.begin()));
    members.erase(m);
    // Its seq goes with it: rooms are client-chosen names, so keeping anything
    // of an empty room would let clients grow the server without bound.
    if (members.empty()) rooms_.erase(it);
    auto &mine = by_conn_[conn];
    mine.erase(std::find(mine.begin(), mine.end(), room));
    if (mine.empty()) by_conn_.erase(conn);
    return true;
}

bool Subscriptions::is_member(chatd_conn_id conn, std::string_view room) const {
    auto it = by_conn_.find(conn);
    if (it == by_conn_.end()) return false;
    return std::find(it->second.begin(), it->second.end(), room) != it->second.end();
}

const std::vector<chatd_conn_id> &Subscriptions::members(std::string_view room) const {
    auto it = rooms_.find(room);
    return it == rooms_.end() ? kNoMembers : it->second.members;
}

const std::vector<std::string> &Subscriptions::rooms_of(chatd_conn_id conn) const {
    auto it = by_conn_.find(conn);
    return it == by_conn_.end() ? kNoRooms : it->second;
}

void Subscriptions::for_each_room(
    std::string_view after, size_t limit,
    const std::function<void(const std::string &, size_t)> &fn) const {
    for (auto it = rooms_.upper_bound(after); it != rooms_.end() && limit > 0; ++it, --limit)
        fn(it->first, it->second.members.size());
}

void Subscriptions::drop_connection(chatd_conn_id conn) {
    std::vector<std::string> rooms = rooms_of(conn);
    for (const auto &room : rooms)
        unsubscribe(conn, room);
}

uint64_t Subscriptions::next_seq(std::string_view room) {
    auto it = rooms_.find(room);
    // Nobody hears a message to an empty room, and nothing of it is kept.
    if (it == rooms_.end()) return 1;
    return ++it->second.seq;
}

void Subscriptions::observe_seq(std::string_view room, uint64_t seq) {
    if (auto it = rooms_.find(room); it != rooms_.end())
        it->second.seq = std::max(it->second.seq, seq);
}

std::optional<uint64_t> Subscriptions::replay_point(chatd_conn_id conn, std::string_view room,
                                                    uint64_t stored) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) return std::nullopt;
    const auto &members = it->second.members;
    auto m = std::find(members.begin(), members.end(), conn);
    if (m == members.end()) return std::nullopt;
    Delivery &d = it->second.deliveries[m - members.begin()];
    // Messages are delivered in seq order, so what conn got live is every
    // seq from first_live on; a replay is what came before. The floor also
    // holds back a message up to it that is committed but not yet delivered.
    const uint64_t until = d.first_live ? std::min(stored, d.first_live - 1) : stored;
    d.replayed_to = std::max(d.replayed_to, until);
    return until;
}

} // namespace chatd::pipeline
