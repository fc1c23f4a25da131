#include "presence.hpp"

#include "replies.hpp"

#include <utility>

namespace chatd::rooms {

Presence::Presence(const chatd::Host &host, Limits limits) : host_(host), limits_(limits) {}

void Presence::joined(chatd_conn_id conn, const std::string &room, const std::string &user) {
    change(room, {conn, user, Event::Join}, host_.room_size(room));
}

void Presence::left(chatd_conn_id conn, const std::string &room, const std::string &user) {
    const std::size_t others = host_.room_size(room);
    change(room, {conn, user, Event::Leave}, host_.is_subscribed(conn, room) ? others : others + 1);
}

bool Presence::too_large(std::size_t members) const {
    return limits_.max_members != 0 && members > limits_.max_members;
}

void Presence::change(const std::string &room, Change change, std::size_t members) {
    if (const auto it = gathered_.find(room); it != gathered_.end()) {
        Gathered &gathered = it->second;
        if (const auto mine = gathered.change_of.find(change.conn);
            mine != gathered.change_of.end()) {
            // Nobody heard of the gathered one, so nobody hears of either. The
            // same event again (re-joined after another plugin unsubscribed
            // it) is the one gathered already.
            Change &earlier = gathered.changes[mine->second];
            if (earlier.event != change.event) {
                earlier.cancelled = true;
                gathered.change_of.erase(mine);
            }
            return;
        }
    }
    // Checked after cancelling: a leave past the limit still takes back a
    // join gathered before the room grew, which would otherwise be told late.
    if (too_large(members)) return;
    if (limits_.tick_ms == 0 || members <= limits_.told_at_once_up_to) {
        // What was gathered comes first, with the room's size before this
        // change.
        flush(room, change.event == Event::Join ? members - 1 : members, change.conn);
        // The connection is told nothing of itself: it has its joined or left.
        host_.publish(
            room,
            replies::presence(room, change.user, change.event == Event::Join ? "join" : "leave"),
            change.conn);
        return;
    }
    Gathered &gathered = gathered_[room];
    gathered.change_of.emplace(change.conn, gathered.changes.size());
    gathered.changes.push_back(std::move(change));
    if (timer_ == 0)
        timer_ = host_.start_timer(
            limits_.tick_ms, 0,
            [](void *self, chatd_timer_id) { static_cast<Presence *>(self)->tick(); }, this);
}

void Presence::flush(const std::string &room, std::size_t members, chatd_conn_id exclude) {
    const auto it = gathered_.find(room);
    if (it == gathered_.end()) return;
    const Gathered gathered = std::move(it->second);
    gathered_.erase(it);
    std::vector<std::string> joined;
    std::vector<std::string> left;
    for (const Change &change : gathered.changes) {
        if (change.cancelled) continue;
        if (change.event == Event::Leave) {
            left.push_back(change.user);
            continue;
        }
        // The name it has now: another plugin may have told the room of a
        // rename since (auth's nickname), which must not be undone here.
        std::string now = host_.user(change.conn);
        joined.push_back(now.empty() ? change.user : std::move(now));
    }
    // A room that grew past the limit since is one without presence now.
    if ((joined.empty() && left.empty()) || members == 0 || too_large(members)) return;
    host_.publish(room, replies::presence_tick(room, joined, left, members), exclude);
}

void Presence::tick() {
    timer_ = 0;
    while (!gathered_.empty()) {
        const std::string room = gathered_.begin()->first;
        flush(room);
    }
}

} // namespace chatd::rooms
