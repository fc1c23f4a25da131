// The rooms plugin: the chat semantics. It resolves every room message (the
// default room of plain text, the checks of room, text and membership) and
// marks it for the host to commit and deliver; it joins ready connections to
// the default room, and handles join, leave, rooms, members, topics and typing.
// The host keeps the subscriptions and fans out; this plugin decides who may
// do what. Topics are kept on disk (TopicStore) and answered from memory; a
// change pauses its frame until it is durable.
#pragma once

#include "paging.hpp"
#include "presence.hpp"
#include "replies.hpp"
#include "room_directory.hpp"
#include "settings.hpp"
#include "topic_store.hpp"

#include <chatd/plugin_sdk.hpp>
#include <chatd/storage/fault_log.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::rooms {

class RoomsPlugin {
public:
    explicit RoomsPlugin(const chatd::Host &host);

    void on_ready(chatd_conn_id conn);
    // Direct-message rooms are their two users' only: whoever asks (history
    // reading one, over WebSocket or HTTP), nobody else may, admins included.
    std::optional<std::string> on_access(const chatd::AccessQuestion &question);
    void on_close(chatd_conn_id conn);
    // CHATD_PHASE_RESOLVE, `message` and `dm` frames.
    chatd::Stage resolve(chatd::Frame &frame);
    // CHATD_PHASE_HANDLE, the room requests.
    chatd::Stage handle(chatd::Frame &frame);

    static const std::array<chatd_stage, 2> stages;

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
    // direct_messages.cpp
    chatd::Stage direct_message(chatd::Frame &frame);

    // Pauses the frame until the change is durable (topic_written answers it).
    chatd::Stage set_topic(chatd::Frame &frame, const std::string &room, std::string topic);
    struct TopicChange {
        std::string room;
        std::string topic; // empty: cleared
        std::string by;
    };
    // On the pipeline thread once the store is done with a change: the
    // setter's answer, and the room's.
    void topic_written(chatd_frame_id frame, chatd_conn_id conn, const TopicChange &change,
                       const TopicWrite &written);
    // The error for a change that was not made (logged as the store's fault
    // where it is one); none when it was stored.
    struct TopicRefusal {
        const char *code;
        std::string message;
    };
    std::optional<TopicRefusal> topic_refusal(const TopicWrite &written);

    // Subscribes and tells the other members (presence_), unless already in the room;
    // returns the `joined` frame for the newcomer.
    std::string enter(chatd_conn_id conn, const std::string &room);
    // Throws bad_request unless `name` is a valid room name.
    void check_room_name(std::string_view name) const;
    // Throws unless `text` may be a message's: not empty, not too long.
    void check_text(std::string_view text) const;
    // The frame's required "room": a valid room name, or for a request that
    // takes one (leave, members), a direct-message room.
    std::string room_of(const chatd::Frame &frame, bool dm_allowed = false) const;
    // Throws forbidden for a direct-message room the connection's user is
    // not one of the two of.
    void require_participant(chatd_conn_id conn, const std::string &room) const;
    // The rooms a connection joined (not its direct-message rooms), which
    // max_rooms_per_connection bounds.
    std::size_t joined_rooms(chatd_conn_id conn) const;
    // Throws not_member unless the connection is in the room.
    void require_member(chatd_conn_id conn, const std::string &room) const;
    // A room exists while it has members; a topic outlives them.
    bool exists(const std::string &room) const;
    // The names of the room's members on the requested page, in join order.
    replies::Page<std::string> member_page(const std::string &room,
                                           const PageRequest &request) const;

    const chatd::Host &host_;
    const Settings settings_;
    storage::FaultLog topic_faults_; // before topics_: its completions use it
    TopicStore topics_;
    RoomDirectory directory_;
    Presence presence_;
};

} // namespace chatd::rooms
