// Paused frames: a stage parks a frame, the plugin finishes it later from any
// thread (resume, resume_committed), or the pause times out.
//
// A paused frame stays at the front of its connection's queue, so the
// connection's later frames wait behind it, and goes with the connection when
// it closes: its resume is then dropped. The one exception is a room message
// paused in the commit phase. Its plugin may already have stored it, and the
// room must see every stored seq, so when its connection closes the frame
// moves out of the queue into its Paused entry, with its sender's name (the
// only thing it read from the connection), and waits there for its
// resume_committed or its pause timeout like any paused frame. Moving it at
// close rather than copying what delivery needs at every pause keeps the
// common path free, and leaves one place (message_record) that builds what a
// room receives.
#include "pipeline/message_record.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/plugin.hpp"

#include <spdlog/spdlog.h>

namespace chatd::pipeline {

void Pipeline::pause(Connection &conn, chatd_frame &frame) {
    conn.paused = true;
    const chatd_frame_id id = frame.id;
    uint64_t timer = timers_.start(this, options_.pause_timeout, {},
                                   [this, id](uint64_t) { pause_expired(id); });
    paused_.emplace(id, Paused{conn.id, timer, nullptr, {}});
}

chatd_frame &Pipeline::paused_frame(const Paused &paused) const {
    if (paused.orphan) return *paused.orphan;
    return *conns_.at(paused.conn)->queue.front();
}

void Pipeline::end_pause(PausedMap::iterator it) {
    timers_.cancel(this, it->second.timer);
    if (!it->second.orphan) {
        Connection &conn = *conns_.at(it->second.conn);
        conn.paused = false;
        conn.queue.front()->paused_by = nullptr;
    }
    paused_.erase(it);
}

void Pipeline::close_paused(Connection &conn) {
    chatd_frame &frame = *conn.queue.front();
    auto it = paused_.find(frame.id);
    if (committable(frame.paused_by, frame.id) != CHATD_OK) return end_pause(it);
    it->second.sender = conn.user;
    frame.owner = nullptr;
    it->second.orphan = std::move(conn.queue.front());
    conn.queue.pop_front();
    conn.paused = false;
}

void Pipeline::resume(chatd_plugin *plugin, chatd_frame_id frame, chatd_stage_status status,
                      std::string code, std::string message, std::optional<OutJson> reply) {
    post([=, this, code = std::move(code), message = std::move(message),
          reply = std::move(reply)]() mutable {
        handle_resume(plugin, frame, status, std::move(code), std::move(message), std::move(reply));
    });
}

void Pipeline::handle_resume(chatd_plugin *plugin, chatd_frame_id frame_id,
                             chatd_stage_status status, std::string code, std::string message,
                             std::optional<OutJson> reply_body) {
    auto it = paused_.find(frame_id);
    if (it == paused_.end()) {
        spdlog::debug("[{}] resume of frame {} dropped: its connection is gone", plugin->name,
                      frame_id);
        return;
    }
    chatd_frame &frame = paused_frame(it->second);
    if (frame.paused_by != plugin) {
        spdlog::error("[{}] tried to resume frame {} that plugin {} paused", plugin->name, frame_id,
                      frame.paused_by->name);
        return;
    }
    if (it->second.orphan) {
        // Its connection is gone; only a commit would still reach anyone.
        spdlog::debug("[{}] resume of frame {} dropped: its connection is gone", plugin->name,
                      frame_id);
        return end_pause(it);
    }
    Connection &conn = *conns_.at(it->second.conn);
    end_pause(it);
    if (reply_body) reply(frame, *reply_body);
    if (status != CHATD_STAGE_CONTINUE) {
        frame.error_code = std::move(code);
        frame.error_message = std::move(message);
        finish(conn, frame, plugin, status);
        conn.queue.pop_front();
        transport_->frame_done(conn.id);
    }
    // CONTINUE leaves the frame at the front with next_stage set, so drain
    // carries it on from the stage after the one that paused it.
    drain(conn);
}

chatd_status Pipeline::committable(const chatd_plugin *plugin, chatd_frame_id frame_id) const {
    auto it = paused_.find(frame_id);
    if (it == paused_.end()) return CHATD_ERR_STATE;
    const chatd_frame &frame = paused_frame(it->second);
    if (frame.paused_by != plugin) return CHATD_ERR_STATE;
    if (!frame.message.marked || string_field(frame.body, "room").empty()) return CHATD_ERR_INVALID;
    // next_stage is the one after the stage that paused.
    const bool in_commit = stages_[frame.next_stage - 1].phase == CHATD_PHASE_COMMIT;
    if (!in_commit || frame.message.seq != 0) return CHATD_ERR_STATE;
    return CHATD_OK;
}

chatd_status Pipeline::resume_committed(chatd_plugin *plugin, chatd_frame_id frame, uint64_t seq,
                                        int64_t ts_ms) {
    if (on_pipeline_thread())
        if (chatd_status status = committable(plugin, frame); status != CHATD_OK) return status;
    bool queued = post([=, this] { handle_resume_committed(plugin, frame, seq, ts_ms); });
    return queued ? CHATD_OK : CHATD_ERR_STATE;
}

void Pipeline::handle_resume_committed(chatd_plugin *plugin, chatd_frame_id frame_id, uint64_t seq,
                                       int64_t ts_ms) {
    if (chatd_status status = committable(plugin, frame_id); status != CHATD_OK) {
        spdlog::error("[{}] resume_committed of frame {} with seq {} refused: {}", plugin->name,
                      frame_id, seq,
                      status == CHATD_ERR_INVALID
                          ? "it is not a room message"
                          : "this plugin has no such frame paused in the commit phase (resumed "
                            "already, timed out, or never paused there)");
        return;
    }
    auto it = paused_.find(frame_id);
    if (chatd_frame *orphan = it->second.orphan.get()) {
        commit_message(*orphan, it->second.sender, seq, ts_ms);
        publish_committed(*orphan);
        return end_pause(it);
    }
    Connection &conn = *conns_.at(it->second.conn);
    chatd_frame &frame = *conn.queue.front();
    commit_message(frame, conn.user, seq, ts_ms);
    end_pause(it);
    // A connection the server is closing runs no more stages (drain drops the
    // frame), but what is stored still reaches the room.
    if (conn.closing) publish_committed(frame);
    drain(conn);
}

void Pipeline::pause_expired(chatd_frame_id frame_id) {
    auto it = paused_.find(frame_id);
    if (it == paused_.end()) return;
    chatd_plugin *by = paused_frame(it->second).paused_by;
    if (it->second.orphan) {
        spdlog::error("[{}] did not commit frame {} within {} ms; its connection is gone, so "
                      "nobody is answered and the room does not get it",
                      by->name, frame_id, options_.pause_timeout.count());
        return end_pause(it);
    }
    spdlog::error("[{}] did not resume frame {} within {} ms; answering internal", by->name,
                  frame_id, options_.pause_timeout.count());
    handle_resume(by, frame_id, CHATD_STAGE_REJECT, "internal", "timed out waiting for " + by->name,
                  std::nullopt);
}

} // namespace chatd::pipeline
