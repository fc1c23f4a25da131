// Questions about rooms (rooms, members) and their topics.
#include "frame_fields.hpp"
#include "replies.hpp"
#include "room_names.hpp"
#include "rooms_plugin.hpp"

namespace chatd::rooms {

namespace {

// ';' follows ':' bytewise, so this sorts after every direct-message room
// name, and is no room's name.
constexpr std::string_view kPastDmRooms = "dm;";

// Up to `count` rooms after `after` by name, without the direct-message
// rooms, which are nobody's business but their two users'. Those all sort
// together (one prefix), so skipping them costs one more call at most.
std::vector<replies::RoomSummary> rooms_listed(const chatd::Host &host, std::string after,
                                               std::size_t count) {
    std::vector<replies::RoomSummary> listed;
    while (listed.size() < count) {
        const std::size_t asked = count - listed.size();
        auto rooms = host.rooms_after(after, asked);
        for (auto &[room, members] : rooms)
            if (!plugins::is_dm_room(room)) listed.push_back({room, members, std::nullopt});
        if (rooms.size() < asked) break;
        after = plugins::is_dm_room(rooms.back().first) ? std::string(kPastDmRooms)
                                                        : rooms.back().first;
    }
    return listed;
}

} // namespace

chatd::Stage RoomsPlugin::list_rooms(chatd::Frame &frame) {
    const PageRequest request = page_request(frame, settings_);
    // One more than the page, to know whether another follows.
    std::vector<replies::RoomSummary> summaries =
        rooms_listed(host_, request.cursor.value_or(""), request.limit + 1);
    replies::Page<replies::RoomSummary> page = page_of_rooms(std::move(summaries), request);
    for (auto &summary : page.items)
        summary.topic = directory_.topic(summary.room);
    frame.reply(replies::rooms(page));
    return chatd::Stage::Handled;
}

chatd::Stage RoomsPlugin::list_members(chatd::Frame &frame) {
    const std::string room = room_of(frame, true);
    if (plugins::is_dm_room(room)) require_participant(frame.conn(), room);
    const PageRequest request = page_request(frame, settings_);
    if (!exists(room)) throw plugins::Rejection("not_found", "no room " + room);
    frame.reply(replies::members(room, member_page(room, request)));
    return chatd::Stage::Handled;
}

chatd::Stage RoomsPlugin::topic(chatd::Frame &frame) {
    const std::string room = room_of(frame);
    const auto requested = plugins::optional_string(frame, "topic");
    if (!requested) {
        const auto current = directory_.topic(room);
        // A stored topic outlives the room's members, so it is readable.
        if (!current && !exists(room)) throw plugins::Rejection("not_found", "no room " + room);
        frame.reply(replies::topic(room, current));
        return chatd::Stage::Handled;
    }
    if (requested->size() > settings_.max_topic_bytes)
        throw plugins::Rejection("too_large", "topic is longer than " +
                                                  std::to_string(settings_.max_topic_bytes) +
                                                  " bytes");
    require_member(frame.conn(), room);
    return set_topic(frame, room, std::string(*requested));
}

chatd::Stage RoomsPlugin::set_topic(chatd::Frame &frame, const std::string &room,
                                    std::string topic) {
    const chatd_frame_id id = frame.id();
    const chatd_conn_id conn = frame.conn();
    const std::string by = host_.user(conn);
    // On the writer thread; the answer is made on the pipeline thread, where
    // the topics in memory live. A copy of the host, which stays valid.
    auto done = [this, host = host_, id, conn, room, topic, by](const TopicWrite &written) {
        host.run_on_pipeline([this, id, conn, room, topic, by, written] {
            topic_written(id, conn, {room, topic, by}, written);
        });
    };
    const std::optional<TopicWrite> refused =
        topics_.set(room, std::move(topic), by, std::move(done));
    if (!refused) return chatd::Stage::Pause;
    const auto refusal = topic_refusal(*refused);
    return frame.reject(refusal->code, refusal->message);
}

std::optional<RoomsPlugin::TopicRefusal> RoomsPlugin::topic_refusal(const TopicWrite &written) {
    using Status = TopicWrite::Status;
    if (written.status == Status::Failed || written.status == Status::Busy)
        topic_faults_.failed(written.fault);
    else
        topic_faults_.worked();
    switch (written.status) {
    case Status::Stored: break;
    case Status::TooMany:
        return TopicRefusal{"forbidden", std::to_string(settings_.max_topics) +
                                             " rooms have a topic, the most kept; clear one first"};
    case Status::Busy:
        return TopicRefusal{"busy", "topics are busy; the topic was not set, set it again"};
    case Status::Failed:
        return TopicRefusal{"not_stored", "the topic was not stored, so it was not set"};
    }
    return std::nullopt;
}

void RoomsPlugin::topic_written(chatd_frame_id frame, chatd_conn_id conn, const TopicChange &change,
                                const TopicWrite &written) {
    if (const auto refusal = topic_refusal(written)) {
        host_.resume(frame, chatd::Stage::Reject, refusal->code, refusal->message);
        return;
    }
    directory_.set_topic(change.room, change.topic);
    // The setter may have gone meanwhile; the change is durable, so the room
    // hears of it anyway.
    const std::string changed =
        replies::topic_changed(change.room, directory_.topic(change.room), change.by);
    host_.resume_with_reply(frame, changed);
    presence_.flush(change.room);
    host_.publish(change.room, changed, conn);
}

} // namespace chatd::rooms
