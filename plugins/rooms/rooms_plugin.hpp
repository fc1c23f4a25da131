// The rooms plugin: joining and leaving rooms, presence, topics, typing, and
// checking room messages before the host's terminal publishes them. The host
// keeps the subscriptions and fans out; this plugin decides who may do what.
#pragma once

#include "room_directory.hpp"
#include "settings.hpp"

#include <chatd/plugin_sdk.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace chatd::rooms {

class RoomsPlugin {
public:
    explicit RoomsPlugin(const chatd::Host &host);

    void on_open(chatd_conn_id conn);
    void on_close(chatd_conn_id conn);
    chatd::Stage on_frame(chatd::Frame &frame);

private:
    // Frame handlers (membership.cpp, room_info.cpp, messages.cpp). They throw
    // Rejection for a client error.
    chatd::Stage join(chatd::Frame &frame);
    chatd::Stage leave(chatd::Frame &frame);
    chatd::Stage list_rooms(chatd::Frame &frame);
    chatd::Stage list_members(chatd::Frame &frame);
    chatd::Stage topic(chatd::Frame &frame);
    chatd::Stage message(chatd::Frame &frame);
    chatd::Stage typing(chatd::Frame &frame);

    // Subscribes and tells the other members, unless already in the room;
    // returns the `joined` frame for the newcomer.
    std::string enter(chatd_conn_id conn, const std::string &room);
    // Throws bad_request unless `name` is a valid room name.
    void check_room_name(std::string_view name) const;
    // The frame's required, valid "room".
    std::string room_of(const chatd::Frame &frame) const;
    // Throws not_member unless the connection is in the room.
    void require_member(chatd_conn_id conn, const std::string &room) const;
    // A room exists while it has members or a topic.
    bool exists(const std::string &room) const;
    std::vector<std::string> member_names(const std::string &room) const;

    const chatd::Host &host_;
    const Settings settings_;
    RoomDirectory directory_;
};

} // namespace chatd::rooms
