// History's part of a join: the room's epoch and seq in `joined`, and with
// "since", the messages the member missed. The rooms plugin subscribes and
// starts the answer in the handle phase; this runs in the commit phase,
// after whatever decided the join, so it sees only joins that happened.
//
// The replay is read here, on the pipeline thread, rather than paused for
// the read thread: the host's replay_point splits the room's messages into
// the replayed (up to `until`) and the live (above it), and the replay must
// reach the member before any live one does, so it has to go out with the
// answer of this same event. The read is bounded: one head lookup and at
// most max_limit messages by primary key.
#include "history_plugin.hpp"
#include "replay.hpp"

#include "store/message_event.hpp"

namespace chatd::history {

chatd::Stage HistoryPlugin::check_join(chatd::Frame &frame) {
    ResumeRequest resume;
    try {
        resume = parse_resume_request(nlohmann::json::parse(frame.json()));
    } catch (const BadRequest &e) {
        return frame.reject("bad_request", e.what());
    }
    // A join that asks for what it missed reads the room's history; one
    // that may not read it is refused whole rather than let in half.
    const auto room = frame.get_string("room");
    if (resume.since && room)
        if (auto why = host_.check_access(frame.conn(), CHATD_ACTION_READ, *room))
            return frame.reject("forbidden", *why);
    return chatd::Stage::Continue;
}

chatd::Stage HistoryPlugin::join(chatd::Frame &frame) {
    const nlohmann::json request = nlohmann::json::parse(frame.json());
    const auto room = request.find("room");
    if (room == request.end() || !room->is_string()) return chatd::Stage::Continue;
    const std::string &name = room->get_ref<const std::string &>();
    const chatd_conn_id conn = frame.conn();
    if (!host_.is_subscribed(conn, name)) return chatd::Stage::Continue;
    nlohmann::ordered_json answer;
    try {
        const RoomHead head = store_->head(name);
        const uint64_t until = host_.replay_point(conn, name, head.last_seq).value_or(0);
        answer = {{"epoch", head.epoch}, {"seq", until}};
        // check_join let only a valid one through.
        const ResumeRequest resume = parse_resume_request(request);
        if (resume.since) add_replay(answer, name, resume, head, until);
        read_faults_.worked();
    } catch (const StoreError &e) {
        read_faults_.failed(e);
        const Refusal refusal = read_refusal(e);
        // The member is in the room; it learns that its history is not.
        answer = {{"history_error", {{"code", refusal.code}, {"message", refusal.message}}}};
    }
    frame.answer_add(json_text(answer));
    return chatd::Stage::Continue;
}

void HistoryPlugin::add_replay(nlohmann::ordered_json &answer, const std::string &room,
                               const ResumeRequest &resume, const RoomHead &head, uint64_t until) {
    const Replay replay = plan_replay(room, resume, head, until, settings_.max_limit);
    const Page page = replay.query ? store_->query(*replay.query) : Page{};
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    for (const StoredMessage &m : page.messages)
        messages.push_back(message_event(room, m));
    answer["messages"] = std::move(messages);
    answer["truncated"] = truncated(replay, until, page);
    if (replay.epoch_changed) answer["epoch_changed"] = true;
}

} // namespace chatd::history
