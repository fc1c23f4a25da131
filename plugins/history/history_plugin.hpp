#pragma once

#include "fault_log.hpp"
#include "history_request.hpp"
#include "settings.hpp"
#include "store/history_store.hpp"
#include "worker_pool.hpp"

#include <chatd/plugin_sdk.hpp>

#include <array>
#include <atomic>
#include <functional>
#include <memory>

namespace chatd::history {

// The history plugin: every room message is stored before anyone sees it.
// In the commit phase it hands the message to the store and pauses the
// frame; the store numbers it inside its transaction and, once that is
// durable, the host delivers exactly the stored record and acks the sender
// with its seq. A message that could not be stored gets an error instead of
// an ack and is delivered to nobody.
//
// It also answers `history` (a page of a room's messages, for its members
// and read_roles) and `targets` (the rooms with messages since a time),
// reading on a thread of its own, `delete` (a moderator's, which leaves a
// tombstone in place of the message), writing through the store as appends
// do, and `deletions` (the record of them, for admins' audit).
//
// When retention is configured, a timer starts a retention pass every
// retention_interval_s; the store does the deleting in the background.
class HistoryPlugin {
public:
    explicit HistoryPlugin(const chatd::Host &host);
    // Stores every message already accepted, then closes the database.
    ~HistoryPlugin();

    static const std::array<chatd_stage, 5> stages;
    chatd::Stage commit(chatd::Frame &frame);
    chatd::Stage answer(chatd::Frame &frame);
    // A moderator's `delete`: the message becomes a tombstone, answered
    // `deleted` once durable, and the room is told (delete_message.cpp).
    chatd::Stage delete_message(chatd::Frame &frame);
    // join: its "since" and "epoch" checked before the join happens, then
    // the epoch, the seq where live delivery begins and the replay added to
    // the `joined` answer (resume.cpp).
    chatd::Stage check_join(chatd::Frame &frame);
    chatd::Stage join(chatd::Frame &frame);
    static const std::array<chatd_http_route, 1> routes;
    void messages_route(chatd::Request &request);

private:
    // The messages after the client's seq up to `until`, into the answer.
    void add_replay(nlohmann::ordered_json &answer, const std::string &room,
                    const ResumeRequest &resume, const RoomHead &head, uint64_t until);
    chatd::Stage history(chatd::Frame &frame, const nlohmann::json &request);
    chatd::Stage targets(chatd::Frame &frame, const nlohmann::json &request);
    // Admins: a page of the deletions on record (delete_message.cpp).
    chatd::Stage deletions(chatd::Frame &frame);
    bool may_read(chatd_conn_id conn, const std::string &room) const;
    bool may_delete(chatd_conn_id conn) const;
    // The retention timer's turn (pipeline thread).
    void start_trim();
    // A history page as JSON, on the read thread; throws StoreError.
    nlohmann::ordered_json read_page(const Query &query);
    void respond_json(chatd_http_id request, uint16_t status, const std::string &body) const;
    void respond_error(chatd_http_id request, uint16_t status, const char *code,
                       const std::string &message) const;
    // Pauses the frame and answers it with what read() returns, from the
    // read thread; `busy` at once when too many reads wait.
    chatd::Stage read_later(chatd::Frame &frame, std::function<nlohmann::ordered_json()> read);
    // Runs read on the read thread, then answer with its text, or refuse
    // with the store's fault (logged once per failing stretch); false when
    // too many reads wait. Serves the WebSocket answers and the HTTP route.
    bool submit_read(std::function<nlohmann::ordered_json()> read,
                     std::function<void(const std::string &)> answer,
                     std::function<void(const StoreError &, const Refusal &)> refuse);

    chatd::Host host_;
    Settings settings_;
    FaultLog append_faults_;
    FaultLog read_faults_;
    FaultLog trim_faults_;
    FaultLog delete_faults_;
    // A pass is still at work (it ends on the store's thread): the timer
    // skips its turn rather than start a second one over the same rooms.
    std::atomic<bool> trimming_{false};
    std::unique_ptr<HistoryStore> store_;
    plugins::WorkerPool reads_; // after store_: its reads end before the store does
};

} // namespace chatd::history
