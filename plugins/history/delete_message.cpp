// A moderator deletes a message: `{"type":"delete","room":R,"seq":N,
// "reason":…}`. The store turns the message into a tombstone through its
// writer, in order with the appends, and only once that is durable is the
// moderator answered `deleted` and the room told with a `moderation` event,
// so nobody hears of a deletion a crash could undo. Deleting a tombstone
// again answers `deleted` and tells the room nothing: it changed nothing.
//
// The tombstones are also the audit record of deletions: admins page
// through them with `{"type":"deletions","limit":N,"cursor":C}`, as the
// moderation plugin's `audit` pages its own log.
#include "history_plugin.hpp"

#include "frame_fields.hpp"
#include "store/message_event.hpp"

namespace chatd::history {

namespace {

std::string role_list(const std::vector<std::string> &roles) {
    std::string list;
    for (const std::string &role : roles)
        list += (list.empty() ? "" : ", ") + role;
    return list;
}

// What the room is told: who deleted which message, and why when given.
std::string moderation_event(const Deletion &deletion) {
    nlohmann::ordered_json event = {{"type", "moderation"},
                                    {"action", "delete"},
                                    {"room", deletion.room},
                                    {"seq", deletion.seq},
                                    {"by", deletion.by}};
    if (deletion.reason) event["reason"] = *deletion.reason;
    return json_text(event);
}

// Answers the paused frame with the deletion's outcome; pipeline thread.
void finish(const chatd::Host &host, chatd_frame_id frame, const Deletion &deletion,
            const std::variant<Deleted, StoreError> &outcome, const Refusal &refusal) {
    if (std::holds_alternative<StoreError>(outcome)) {
        host.resume(frame, chatd::Stage::Reject, refusal.code, refusal.message);
        return;
    }
    const Deleted deleted = std::get<Deleted>(outcome);
    if (deleted == Deleted::NotFound) {
        host.resume(frame, chatd::Stage::Reject, "not_found",
                    "room " + deletion.room + " has no message " + std::to_string(deletion.seq));
        return;
    }
    host.resume_with_reply(frame, json_text(nlohmann::ordered_json{{"type", "deleted"},
                                                                   {"room", deletion.room},
                                                                   {"seq", deletion.seq}}));
    if (deleted == Deleted::Now) host.publish(deletion.room, moderation_event(deletion));
}

nlohmann::ordered_json deletion_page(const DeletionPage &page) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const DeletionRecord &deletion : page.deletions)
        list.push_back(deletion_entry(deletion));
    nlohmann::ordered_json answer = {{"type", "deletions"}, {"deletions", std::move(list)}};
    if (page.next_cursor) answer["next_cursor"] = *page.next_cursor;
    return answer;
}

} // namespace

chatd::Stage HistoryPlugin::deletions(chatd::Frame &frame) {
    if (!host_.has_role(frame.conn(), "admin"))
        return frame.reject("forbidden", "only admins may read the deletions on record");
    size_t limit = settings_.default_limit;
    std::string cursor;
    try {
        if (const auto asked =
                plugins::optional_int(frame, "limit", 1, static_cast<int64_t>(settings_.max_limit)))
            limit = static_cast<size_t>(*asked);
        cursor = std::string(plugins::optional_string(frame, "cursor").value_or(""));
    } catch (const plugins::Rejection &e) {
        return frame.reject(e.code(), e.what());
    }
    return read_later(frame, [this, cursor = std::move(cursor), limit] {
        return deletion_page(store_->deletions(cursor, limit));
    });
}

bool HistoryPlugin::may_delete(chatd_conn_id conn) const {
    for (const std::string &role : settings_.delete_roles)
        if (host_.has_role(conn, role)) return true;
    return false;
}

chatd::Stage HistoryPlugin::delete_message(chatd::Frame &frame) {
    const chatd_conn_id conn = frame.conn();
    if (!may_delete(conn))
        return frame.reject("forbidden",
                            "only " + role_list(settings_.delete_roles) + " may delete messages");
    DeleteRequest request;
    try {
        request = parse_delete_request(nlohmann::json::parse(frame.json()));
    } catch (const BadRequest &e) {
        return frame.reject("bad_request", e.what());
    }
    Deletion deletion{.room = std::move(request.room),
                      .seq = request.seq,
                      .by = host_.user(conn),
                      .reason = std::move(request.reason)};
    // On the store's thread, while the store (and so this plugin) still
    // runs: the destructor stops the store first. The answer goes to the
    // pipeline thread by value, so it never needs this object there.
    auto done = [host = host_, faults = &delete_faults_, id = frame.id(),
                 deletion](std::variant<Deleted, StoreError> outcome) {
        Refusal refusal{"", ""};
        if (const auto *error = std::get_if<StoreError>(&outcome)) {
            faults->failed(*error);
            refusal = delete_refusal(*error);
        } else {
            faults->worked();
        }
        host.run_on_pipeline([host, id, deletion, outcome = std::move(outcome), refusal] {
            finish(host, id, deletion, outcome, refusal);
        });
    };
    if (std::optional<StoreError> refused = store_->delete_message(deletion, std::move(done))) {
        delete_faults_.failed(*refused);
        const Refusal refusal = delete_refusal(*refused);
        return frame.reject(refusal.code, refusal.message);
    }
    return chatd::Stage::Pause;
}

} // namespace chatd::history
