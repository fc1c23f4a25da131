#include "room_directory.hpp"

#include <algorithm>

namespace chatd::rooms {

std::optional<std::string_view> RoomDirectory::topic(std::string_view room) const {
    const auto it = topics_.find(room);
    if (it == topics_.end()) return std::nullopt;
    return it->second;
}

void RoomDirectory::set_topic(std::string_view room, std::string_view topic) {
    if (!topic.empty()) {
        topics_.insert_or_assign(std::string(room), std::string(topic));
    } else if (const auto it = topics_.find(room); it != topics_.end()) {
        topics_.erase(it);
    }
}

void RoomDirectory::joined(chatd_conn_id conn, std::string_view room) {
    left(conn, room);
    join_order_[conn].emplace_back(room);
}

void RoomDirectory::left(chatd_conn_id conn, std::string_view room) {
    const auto it = join_order_.find(conn);
    if (it == join_order_.end()) return;
    std::erase(it->second, room);
}

void RoomDirectory::forget(chatd_conn_id conn) { join_order_.erase(conn); }

std::optional<std::string>
RoomDirectory::default_room(chatd_conn_id conn,
                            const std::function<bool(const std::string &)> &still_in) const {
    const auto it = join_order_.find(conn);
    if (it == join_order_.end()) return std::nullopt;
    const auto &rooms = it->second;
    const auto found = std::find_if(rooms.rbegin(), rooms.rend(), still_in);
    if (found == rooms.rend()) return std::nullopt;
    return *found;
}

} // namespace chatd::rooms
