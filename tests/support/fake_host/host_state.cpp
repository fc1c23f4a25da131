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
    const auto it =
        std::find_if(rooms.begin(), rooms.end(), [&](const Room &r) { return r.name == name; });
    return it == rooms.end() ? nullptr : &*it;
}

void State::deliver(chatd_conn_id conn, std::string json) {
    Connection *c = open(conn);
    if (c && !c->close_request) c->outbox.push_back(std::move(json));
}

void State::send_error(chatd_conn_id conn, const Json &request_id, const std::string &code,
                       const std::string &message) {
    const Json error = {{"type", "error"}, {"code", code}, {"message", message}};
    deliver(conn, with_id(error, request_id).dump());
}

void State::send_rejection(chatd_conn_id conn, const Json &request_id, const std::string &code,
                           const std::string &message) {
    send_error(conn, request_id, code.empty() ? "internal" : code,
               message.empty() ? std::string("rejected by plugin ") + descriptor.name : message);
}

void State::apply(const Resumed &outcome) {
    std::optional<Paused> was;
    {
        std::lock_guard lock(mutex);
        const auto it = paused.find(outcome.frame);
        if (it == paused.end()) return;
        was = it->second;
        paused.erase(it);
    }
    if (outcome.status == CHATD_STAGE_REJECT)
        send_rejection(was->conn, was->request_id, outcome.code, outcome.message);
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

Json with_id(const Json &object, const Json &id) {
    if (id.is_null()) return object;
    Json out = Json::object();
    if (const auto type = object.find("type"); type != object.end()) out["type"] = *type;
    out["id"] = id;
    for (const auto &[key, value] : object.items())
        if (key != "type" && key != "id") out[key] = value;
    return out;
}

std::optional<Json> parse_object(chatd_str_view json) {
    Json parsed = Json::parse(as_string_view(json), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
    return parsed;
}

} // namespace chatd::fake::detail
