#pragma once

#include <chatd/plugin_abi.h>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chatd::pipeline {

// Who is in which room, both ways, in subscription order; and each room's
// message sequence, which lives as long as the room has members. Pipeline
// thread only.
class Subscriptions {
public:
    bool subscribe(chatd_conn_id conn, std::string_view room);   // false if already in
    bool unsubscribe(chatd_conn_id conn, std::string_view room); // false if not in
    bool is_member(chatd_conn_id conn, std::string_view room) const;
    const std::vector<chatd_conn_id> &members(std::string_view room) const;
    const std::vector<std::string> &rooms_of(chatd_conn_id conn) const;
    // Up to `limit` rooms (every room has a member) whose names sort after
    // `after` ("": from the first), by name, with their member counts.
    void for_each_room(std::string_view after, size_t limit,
                       const std::function<void(const std::string &, size_t)> &fn) const;
    void drop_connection(chatd_conn_id conn);

    // The seq for the next message in `room`; a stage may have chosen one
    // (e.g. from storage), which the counter then continues from. A room
    // that empties starts again at 1.
    uint64_t next_seq(std::string_view room);
    void observe_seq(std::string_view room, uint64_t seq);

    // Calls send(member) for each member that is to get the room's message
    // numbered `seq` live: all but those a replay covers (replay_point).
    template <class Send> void deliver(std::string_view room, uint64_t seq, Send send);
    // The seq up to which a plugin replays stored messages to conn, which
    // from now on gets live only those above it; `stored` is the newest
    // stored seq. nullopt if conn is not in the room. See the ABI's
    // replay_point.
    std::optional<uint64_t> replay_point(chatd_conn_id conn, std::string_view room,
                                         uint64_t stored);

private:
    // What a member has been delivered of its room's numbered messages.
    struct Delivery {
        uint64_t replayed_to = 0; // a replay holds the seqs up to here
        uint64_t first_live = 0;  // the first seq delivered live; 0: none yet
    };
    struct Room {
        std::vector<chatd_conn_id> members;
        std::vector<Delivery> deliveries; // deliveries[i] is members[i]'s
        uint64_t seq = 0;
    };
    std::map<std::string, Room, std::less<>> rooms_;
    std::unordered_map<chatd_conn_id, std::vector<std::string>> by_conn_;
};

template <class Send> void Subscriptions::deliver(std::string_view room, uint64_t seq, Send send) {
    auto it = rooms_.find(room);
    if (it == rooms_.end()) return;
    Room &r = it->second;
    for (size_t i = 0; i < r.members.size(); ++i) {
        Delivery &d = r.deliveries[i];
        if (seq <= d.replayed_to) continue;
        if (d.first_live == 0) d.first_live = seq;
        send(r.members[i]);
    }
}

} // namespace chatd::pipeline
