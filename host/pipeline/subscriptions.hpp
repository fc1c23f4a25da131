#pragma once

#include <chatd/plugin_abi.h>
#include <cstdint>
#include <functional>
#include <map>
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

private:
    struct Room {
        std::vector<chatd_conn_id> members;
        uint64_t seq = 0;
    };
    std::map<std::string, Room, std::less<>> rooms_;
    std::unordered_map<chatd_conn_id, std::vector<std::string>> by_conn_;
};

} // namespace chatd::pipeline
