// What the rooms plugin remembers beyond the host's subscriptions: the
// topics, as stored (TopicStore keeps them on disk; this is the copy that
// answers without touching it), and the order each connection joined its
// rooms, which decides where plain text goes.
#pragma once

#include "topic_store.hpp"

#include <chatd/plugin_abi.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace chatd::rooms {

class RoomDirectory {
public:
    explicit RoomDirectory(Topics topics) : topics_(std::move(topics)) {}

    std::optional<std::string_view> topic(std::string_view room) const;
    // A change once it is stored. An empty topic clears it, so "no topic"
    // has one representation.
    void set_topic(std::string_view room, std::string_view topic);

    // `room` becomes the connection's default room, also when re-joined.
    void joined(chatd_conn_id conn, std::string_view room);
    void left(chatd_conn_id conn, std::string_view room);
    void forget(chatd_conn_id conn);

    // The most recently joined room the connection is still in. The host's
    // subscriptions are the truth, asked through `still_in`, because another
    // plugin may unsubscribe a connection without telling us.
    std::optional<std::string>
    default_room(chatd_conn_id conn,
                 const std::function<bool(const std::string &)> &still_in) const;

private:
    Topics topics_;
    std::unordered_map<chatd_conn_id, std::vector<std::string>> join_order_;
};

} // namespace chatd::rooms
