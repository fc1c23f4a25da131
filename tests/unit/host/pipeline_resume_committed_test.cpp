// resume_committed: a commit stage pauses a room message, stores it on another
// thread and finishes it with the seq and ts it stored, after which the
// message goes on as if the stage had called frame_commit_message, and
// reaches the room even if its sender has left meanwhile.
#include "log_capture.hpp"
#include "pipeline_fixture.hpp"

#include <algorithm>
#include <thread>

namespace chatd::test {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

constexpr int64_t kStoredAt = 1'764'547'200'123; // 2025-12-01T00:00:00.123Z

class PipelineResumeCommitted : public PipelineTest {
protected:
    // "history" pauses, in the commit phase, every frame with "hold":"yes"
    // and hands its id to the test; "audit", a later commit stage, notes the
    // seq of the messages that reach it. Conns 1 and 2 are in "lobby".
    void start_history(pipeline::Options options = {}) {
        add_message_resolver();
        history_ = &add_plugin("history");
        history_->add_stage(CHATD_PHASE_COMMIT, [this](Frame &f) {
            if (f.get_string("hold") != "yes") return Stage::Continue;
            held_.push(f.id());
            return Stage::Pause;
        });
        add_plugin("audit").add_stage(CHATD_PHASE_COMMIT, [this](Frame &f) {
            if (auto m = f.message()) events.push("audit seq " + std::to_string(m->seq));
            return Stage::Continue;
        });
        start(options);
        open(1);
        open(2);
        subscribe(1, "lobby");
        subscribe(2, "lobby");
    }

    // The id of the next frame "history" paused.
    chatd_frame_id held() {
        auto id = held_.pop();
        EXPECT_TRUE(id) << "no frame was paused within the deadline";
        return id.value_or(0);
    }

    // resume_committed by `by` from a thread of its own, as a database writer calls it.
    chatd_status commit_from_writer(TestPlugin &by, chatd_frame_id frame, uint64_t seq) {
        chatd_status status = CHATD_ERR_NOT_FOUND;
        std::thread([&] { status = by.host.resume_committed(frame, seq, kStoredAt); }).join();
        return status;
    }

    // resume_committed by `by` on the pipeline thread, where misuse is answered at once.
    chatd_status commit_on_pipeline(TestPlugin &by, chatd_frame_id frame, uint64_t seq) {
        chatd_status status = CHATD_ERR_NOT_FOUND;
        on_pipeline([&] { status = by.host.resume_committed(frame, seq, kStoredAt); });
        return status;
    }

    TestPlugin &history() { return *history_; }

private:
    TestPlugin *history_ = nullptr;
    Channel<chatd_frame_id> held_;
};

bool logged(const LogCapture &log, std::string_view text) {
    std::vector<LogLine> lines = log.lines();
    return std::any_of(lines.begin(), lines.end(), [&](const LogLine &l) {
        return l.level == CHATD_LOG_ERROR && l.message.find(text) != std::string::npos;
    });
}

TEST_F(PipelineResumeCommitted, TheRoomGetsTheStoredSeqAndTheSenderItsAck) {
    start_history();

    message(1, R"({"type":"message","room":"lobby","text":"kept","hold":"yes","id":"m"})");
    chatd_frame_id id = held();
    EXPECT_TRUE(unread(2).empty()) << "nothing is delivered before the commit";

    EXPECT_EQ(commit_from_writer(history(), id, 41), CHATD_OK);
    const json delivered = json::parse(R"({"type":"message","room":"lobby","seq":41,
        "from":"guest-1","text":"kept","ts":"2025-12-01T00:00:00.123Z"})");
    EXPECT_EQ(next(2), delivered);
    EXPECT_EQ(next(1), delivered);
    EXPECT_EQ(next(1), json::parse(R"({"type":"ack","id":"m","room":"lobby","seq":41,
        "ts":"2025-12-01T00:00:00.123Z"})"));
    EXPECT_EQ(events.all(), (Strings{"audit seq 41"})) << "the later commit stage runs";
    settle();
    EXPECT_EQ(transport.frames_done(1), 1u);
}

TEST_F(PipelineResumeCommitted, TheHostsCounterContinuesFromTheCommittedSeq) {
    start_history();

    message(1, R"({"type":"message","room":"lobby","text":"stored","hold":"yes"})");
    chatd_frame_id id = held();
    message(1, R"({"type":"message","room":"lobby","text":"numbered by the host"})");
    EXPECT_EQ(commit_from_writer(history(), id, 41), CHATD_OK);
    EXPECT_EQ(next(2)["seq"], 41);
    json second = next(2);
    EXPECT_EQ(second["text"], "numbered by the host");
    EXPECT_EQ(second["seq"], 42);
}

TEST_F(PipelineResumeCommitted, SeqZeroIsRefusedAndTheFrameStaysPaused) {
    start_history();

    message(1, R"({"type":"message","room":"lobby","text":"x","hold":"yes"})");
    chatd_frame_id id = held();
    EXPECT_EQ(commit_from_writer(history(), id, 0), CHATD_ERR_INVALID);
    EXPECT_EQ(commit_on_pipeline(history(), id, 0), CHATD_ERR_INVALID);
    EXPECT_TRUE(unread(2).empty());

    EXPECT_EQ(commit_from_writer(history(), id, 5), CHATD_OK);
    EXPECT_EQ(next(2)["seq"], 5);
}

TEST_F(PipelineResumeCommitted, APluginThatDidNotPauseTheFrameCannotCommitIt) {
    LogCapture log;
    start_history();

    message(1, R"({"type":"message","room":"lobby","text":"x","hold":"yes"})");
    chatd_frame_id id = held();
    EXPECT_EQ(commit_on_pipeline(caller, id, 7), CHATD_ERR_STATE);
    // From another thread only the pipeline thread can tell: queued, then refused there.
    EXPECT_EQ(commit_from_writer(caller, id, 7), CHATD_OK);
    EXPECT_TRUE(unread(2).empty());
    EXPECT_TRUE(logged(log, "[caller] resume_committed of frame " + std::to_string(id)));
    EXPECT_EQ(commit_on_pipeline(history(), 999999, 7), CHATD_ERR_STATE) << "no such frame";

    EXPECT_EQ(commit_from_writer(history(), id, 7), CHATD_OK);
    EXPECT_EQ(next(2)["seq"], 7);
    EXPECT_EQ(commit_on_pipeline(history(), id, 8), CHATD_ERR_STATE) << "resumed already";
}

TEST_F(PipelineResumeCommitted, AFrameThatIsNoRoomMessageIsRefused) {
    LogCapture log;
    start_history();

    message(1, R"({"type":"ping","hold":"yes","id":"p"})");
    chatd_frame_id id = held();
    EXPECT_EQ(commit_on_pipeline(history(), id, 3), CHATD_ERR_INVALID);
    EXPECT_EQ(commit_from_writer(history(), id, 3), CHATD_OK);
    settle();
    EXPECT_TRUE(logged(log, "it is not a room message"));
    EXPECT_TRUE(unread(1).empty());

    EXPECT_EQ(history().host.resume(id, Stage::Continue), CHATD_OK);
    EXPECT_EQ(next(1), json::parse(R"({"type":"pong","id":"p"})"));
}

TEST_F(PipelineResumeCommitted, OnlyAFramePausedInTheCommitPhaseCanBeCommitted) {
    add_message_resolver();
    TestPlugin &early = add_plugin("early");
    early.add_stage(CHATD_PHASE_AUTHORIZE, [this](Frame &f) {
        events.push(std::to_string(f.id()));
        return Stage::Pause;
    });
    start();
    open(1);

    message(1, R"({"type":"message","room":"lobby","text":"x","id":"m"})");
    auto paused = events.pop();
    ASSERT_TRUE(paused);
    const chatd_frame_id id = std::stoull(*paused);
    EXPECT_EQ(commit_on_pipeline(early, id, 3), CHATD_ERR_STATE);
    EXPECT_EQ(early.host.resume(id, Stage::Reject, "stopped", "in authorize"), CHATD_OK);
    EXPECT_EQ(next(1)["code"], "stopped");
}

TEST_F(PipelineResumeCommitted, AStoredMessageReachesTheRoomAfterItsSenderLeft) {
    start_history();

    message(1, R"({"type":"message","room":"lobby","text":"last words","hold":"yes","id":"m"})");
    chatd_frame_id id = held();
    close(1);
    settle();

    EXPECT_EQ(commit_from_writer(history(), id, 9), CHATD_OK);
    EXPECT_EQ(next(2), json::parse(R"({"type":"message","room":"lobby","seq":9,
        "from":"guest-1","text":"last words","ts":"2025-12-01T00:00:00.123Z"})"));
    EXPECT_TRUE(unread(1).empty()) << "no ack to a closed connection";
    EXPECT_TRUE(events.all().empty()) << "no further stages act for a sender that is gone";

    // The room's counter saw it, and the frame is gone for good.
    message(2, R"({"type":"message","room":"lobby","text":"after"})");
    EXPECT_EQ(next(2)["seq"], 10);
    EXPECT_EQ(next(2)["type"], "ack");
    EXPECT_EQ(commit_on_pipeline(history(), id, 11), CHATD_ERR_STATE);
}

TEST_F(PipelineResumeCommitted, APlainResumeAfterTheSenderLeftIsStillDropped) {
    start_history();

    message(1, R"({"type":"message","room":"lobby","text":"x","hold":"yes"})");
    chatd_frame_id id = held();
    close(1);
    settle();
    EXPECT_EQ(history().host.resume(id, Stage::Continue), CHATD_OK);
    settle();
    EXPECT_TRUE(unread(2).empty());
    EXPECT_EQ(commit_on_pipeline(history(), id, 4), CHATD_ERR_STATE) << "dropped for good";
}

TEST_F(PipelineResumeCommitted, AStoredMessageReachesTheRoomWhileTheServerClosesItsSender) {
    start_history();

    message(1, R"({"type":"message","room":"lobby","text":"x","hold":"yes"})");
    chatd_frame_id id = held();
    // Closed by the server: the pipeline has not heard the close back yet.
    on_pipeline([&] { EXPECT_EQ(caller.host.close(1, 1000, "bye"), CHATD_OK); });

    EXPECT_EQ(commit_from_writer(history(), id, 3), CHATD_OK);
    EXPECT_EQ(next(2)["seq"], 3);
    EXPECT_TRUE(events.all().empty());
}

TEST_F(PipelineResumeCommitted, AnOrphanNobodyCommitsIsDroppedAtThePauseTimeout) {
    LogCapture log;
    pipeline::Options options;
    options.pause_timeout = std::chrono::milliseconds(50);
    start_history(options);

    message(1, R"({"type":"message","room":"lobby","text":"x","hold":"yes"})");
    chatd_frame_id id = held();
    close(1);
    const std::string timed_out = "[history] did not commit frame " + std::to_string(id);
    const auto deadline = std::chrono::steady_clock::now() + kDeadline;
    while (!logged(log, timed_out) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_TRUE(logged(log, timed_out));
    EXPECT_EQ(commit_on_pipeline(history(), id, 3), CHATD_ERR_STATE);
    EXPECT_TRUE(unread(2).empty());
}

TEST_F(PipelineResumeCommitted, RefusedOnceThePipelineHasStopped) {
    start_history();

    message(1, R"({"type":"message","room":"lobby","text":"x","hold":"yes"})");
    chatd_frame_id id = held();
    pipeline->stop();
    EXPECT_EQ(history().host.resume_committed(id, 3, kStoredAt), CHATD_ERR_STATE);
}

} // namespace
} // namespace chatd::test
