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
    if (it == rooms_.end())
        it = rooms_.emplace(std::string(room), std::vector<chatd_conn_id>{}).first;
    it->second.push_back(conn);
    by_conn_[conn].emplace_back(room);
    return true;
}

bool Subscriptions::unsubscribe(chatd_conn_id conn, std::string_view room) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) return false;
    auto &members = it->second;
    auto m = std::find(members.begin(), members.end(), conn);
    if (m == members.end()) return false;
    members.erase(m);
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
    return it == rooms_.end() ? kNoMembers : it->second;
}

const std::vector<std::string> &Subscriptions::rooms_of(chatd_conn_id conn) const {
    auto it = by_conn_.find(conn);
    return it == by_conn_.end() ? kNoRooms : it->second;
}

void Subscriptions::for_each_room(
    const std::function<void(const std::string &, size_t)> &fn) const {
    for (const auto &[name, members] : rooms_)
        fn(name, members.size());
}

void Subscriptions::drop_connection(chatd_conn_id conn) {
    std::vector<std::string> rooms = rooms_of(conn);
    for (const auto &room : rooms)
        unsubscribe(conn, room);
}

uint64_t Subscriptions::next_seq(std::string_view room) {
    auto it = seq_.find(room);
    if (it == seq_.end()) it = seq_.emplace(std::string(room), 0).first;
    return ++it->second;
}

void Subscriptions::observe_seq(std::string_view room, uint64_t seq) {
    auto it = seq_.find(room);
    if (it == seq_.end()) it = seq_.emplace(std::string(room), 0).first;
    it->second = std::max(it->second, seq);
}

} // namespace chatd::pipeline
