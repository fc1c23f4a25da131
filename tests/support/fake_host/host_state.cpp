#include "host_state.hpp"

#include <algorithm>

namespace chatd::fake::detail {

Connection *State::readable(chatd_conn_id conn) {
    const auto it = conns.find(conn);
    return it == conns.end() || it->second.phase == Phase::Closed ? nullptr : &it->second;
}

Connection *State::open(chatd_conn_id conn) {
    Connection *c = readable(conn);
    return c && c->phase == Phase::Open ? c : nullptr;
}

Room *State::room(std::string_view name) {
    const auto it = std::find_if(rooms.begin(), rooms.end(),
                                 [&](const Room &r) { return r.name == name; });
    return it == rooms.end() ? nullptr : &*it;
}

void State::deliver(chatd_conn_id conn, std::string json) {
    Connection *c = open(conn);
    if (c && !c->close_request) c->outbox.push_back(std::move(json));
}

void State::send_error(chatd_conn_id conn, const Json &request_id, const std::string &code,
                       const std::string &message) {
    Json error = {{"type", "error"}};
    if (!request_id.is_null()) error["id"] = request_id;
    error["code"] = code;
    error["message"] = message;
    deliver(conn, error.dump());
}

chatd_status State::subscribe(chatd_conn_id conn, std::string_view name) {
    if (name.empty()) return CHATD_ERR_INVALID;
    Connection *c = readable(conn);
    if (!c) return CHATD_ERR_NOT_FOUND;
    if (c->phase != Phase::Open) return CHATD_ERR_STATE;
    if (std::find(c->rooms.begin(), c->rooms.end(), name) != c->rooms.end()) return CHATD_OK;
    Room *r = room(name);
    if (!r) r = &rooms.emplace_back(Room{std::string(name), {}});
    r->members.push_back(conn);
    c->rooms.emplace_back(name);
    return CHATD_OK;
}

chatd_status State::unsubscribe(chatd_conn_id conn, std::string_view name) {
    Connection *c = readable(conn);
    Room *r = room(name);
    if (!c || !r || std::erase(c->rooms, name) == 0) return CHATD_ERR_NOT_FOUND;
    std::erase(r->members, conn);
    // A room exists only while it has subscribers, as the host's `rooms` promises.
    if (r->members.empty())
        std::erase_if(rooms, [&](const Room &each) { return each.members.empty(); });
    return CHATD_OK;
}

std::optional<Json> parse_object(chatd_str_view json) {
    Json parsed = Json::parse(as_string_view(json), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
    return parsed;
}

} // namespace chatd::fake::detail
