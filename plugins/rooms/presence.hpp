// Presence: telling a room's members who joined it and who left.
//
// Telling every join to every member makes a join storm cost the square of
// the room (1,000 connections joining one room: 500,000 frames). So:
// - In a room whose members all fit in a `joined` frame (at most
//   default_limit), each change is told at once in a frame of its own, as it
//   always was: a member's list, which its `joined` gave it whole, stays exact
//   change by change.
// - In a larger room, whose `joined` is a page anyway, the changes are
//   gathered for presence_tick_ms and told in one frame per room per tick.
// - In a room of more than presence_max_members, nothing is told; `members`
//   pages say who is there.
// A connection has at most one gathered change per room: a join and a leave
// within one tick cancel out, since nobody heard of the first.
#pragma once

#include <chatd/plugin_sdk.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace chatd::rooms {

class Presence {
public:
    struct Limits {
        std::size_t told_at_once_up_to; // members; default_limit
        std::uint64_t tick_ms;          // 0: every change told at once
        std::size_t max_members;        // 0: no limit
    };
    Presence(const chatd::Host &host, Limits limits);
    // The tick's timer points at this object.
    Presence(const Presence &) = delete;
    Presence &operator=(const Presence &) = delete;

    // `conn`, subscribed to `room` now, is told to the others.
    void joined(chatd_conn_id conn, const std::string &room, const std::string &user);
    // `conn` left `room`: unsubscribed already, or closing (its subscriptions
    // go once the close hooks have run).
    void left(chatd_conn_id conn, const std::string &room, const std::string &user);
    // Tells `room` what was gathered for it. Called before anything else the
    // room is told (a message, typing, a topic), so that nothing overtakes
    // the presence it follows: a newcomer's first message does not arrive
    // before its join.
    void flush(const std::string &room) { flush(room, host_.room_size(room), 0); }

private:
    enum class Event { Join, Leave };
    struct Change {
        chatd_conn_id conn;
        std::string user; // when it happened; a joiner's may change before it is told
        Event event;
        bool cancelled = false;
    };
    struct Gathered {
        std::vector<Change> changes; // in the order they happened
        std::unordered_map<chatd_conn_id, std::size_t> change_of;
    };

    // `members` counts the room with `change.conn` in it.
    void change(const std::string &room, Change change, std::size_t members);
    bool too_large(std::size_t members) const;
    // `members`: the room's size once the gathered changes are made, which
    // the frame says; `exclude` is told nothing.
    void flush(const std::string &room, std::size_t members, chatd_conn_id exclude);
    void tick();

    const chatd::Host &host_;
    const Limits limits_;
    std::unordered_map<std::string, Gathered> gathered_;
    chatd_timer_id timer_ = 0; // 0: none running
};

} // namespace chatd::rooms
