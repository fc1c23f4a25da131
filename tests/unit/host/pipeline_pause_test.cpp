// PAUSE and resume: a stage parks a frame, another thread finishes it later,
// the connection's later frames wait behind it and other connections do not.
#include "pipeline_fixture.hpp"

#include <thread>

namespace chatd::test {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

class PipelinePause : public PipelineTest {
protected:
    // "pauser" parks every frame with "hold":"yes" and hands its id to the
    // test; "after" notes the frames that reach it.
    void start_pausing(pipeline::Options options = {}) {
        add_message_resolver();
        pauser_ = &add_plugin("pauser");
        pauser_->on_frame = [this](Frame &f) {
            if (f.get_string("hold") != "yes") return Stage::Continue;
            held_.push(f.id());
            return Stage::Pause;
        };
        add_plugin("after").on_frame = [this](Frame &f) {
            events.push("after " + std::string(f.type()));
            return Stage::Continue;
        };
        start(options);
        open(1);
        open(2);
    }

    // The id of the next frame "pauser" parked.
    chatd_frame_id held() {
        auto id = held_.pop();
        EXPECT_TRUE(id) << "no frame was paused within the deadline";
        return id.value_or(0);
    }

    // Resumes from the test thread, which is not the pipeline thread.
    chatd_status resume(chatd_frame_id frame, Stage status, std::string_view code = {},
                        std::string_view text = {}) {
        return pauser_->host.resume(frame, status, code, text);
    }

    TestPlugin &pauser() { return *pauser_; }

private:
    TestPlugin *pauser_ = nullptr;
    Channel<chatd_frame_id> held_;
};

TEST_F(PipelinePause, ContinueFromAnotherThreadRunsLaterStagesAndPublishes) {
    start_pausing();
    subscribe(1, "lobby");

    message(1, R"({"type":"message","room":"lobby","text":"slow","hold":"yes","id":"m"})");
    chatd_frame_id id = held();
    EXPECT_TRUE(unread(1).empty());
    EXPECT_TRUE(events.all().empty());
    EXPECT_EQ(transport.frames_done(1), 0u) << "a paused frame has not left the pipeline";

    chatd_status status = CHATD_ERR_STATE;
    std::thread([&] { status = resume(id, Stage::Continue); }).join();
    EXPECT_EQ(status, CHATD_OK);

    EXPECT_EQ(next(1)["text"], "slow");
    EXPECT_EQ(without_ts(next(1)),
              json::parse(R"({"type":"ack","id":"m","room":"lobby","seq":1})"));
    EXPECT_EQ(events.all(), (Strings{"after message"}));
    settle();
    EXPECT_EQ(transport.frames_done(1), 1u);
}

TEST_F(PipelinePause, LaterFramesOfTheConnectionWaitButOtherConnectionsDoNot) {
    start_pausing();

    message(1, R"({"type":"ping","hold":"yes","id":"first"})");
    chatd_frame_id id = held();
    message(1, R"({"type":"ping","id":"second"})");
    message(2, R"({"type":"ping","id":"other"})");
    EXPECT_EQ(next(2)["id"], "other");
    EXPECT_TRUE(unread(1).empty()) << "conn 1's second frame must wait behind its first";

    EXPECT_EQ(resume(id, Stage::Continue), CHATD_OK);
    EXPECT_EQ(next(1), json::parse(R"({"type":"pong","id":"first"})"));
    EXPECT_EQ(next(1), json::parse(R"({"type":"pong","id":"second"})"));
}

TEST_F(PipelinePause, RejectSendsTheErrorAndSkipsLaterStages) {
    start_pausing();

    message(1, R"({"type":"ping","hold":"yes","id":"r"})");
    EXPECT_EQ(resume(held(), Stage::Reject, "forbidden", "nope"), CHATD_OK);
    EXPECT_EQ(next(1),
              json::parse(R"({"type":"error","id":"r","code":"forbidden","message":"nope"})"));

    message(1, R"({"type":"ping","hold":"yes","id":"bare"})");
    EXPECT_EQ(resume(held(), Stage::Reject), CHATD_OK);
    EXPECT_EQ(next(1), json::parse(R"({"type":"error","id":"bare","code":"internal",
                                       "message":"rejected by plugin pauser"})"));
    EXPECT_TRUE(events.all().empty());
}

TEST_F(PipelinePause, HandledSendsNothingAndTheQueueMovesOn) {
    start_pausing();

    message(1, R"({"type":"ping","hold":"yes","id":"h"})");
    chatd_frame_id id = held();
    message(1, R"({"type":"ping","id":"queued"})");
    EXPECT_EQ(resume(id, Stage::Handled), CHATD_OK);
    EXPECT_EQ(next(1)["id"], "queued");
    EXPECT_TRUE(unread(1).empty());
}

TEST_F(PipelinePause, ResumeOfAClosedConnectionsFrameIsDropped) {
    start_pausing();

    message(1, R"({"type":"ping","hold":"yes"})");
    chatd_frame_id id = held();
    message(1, R"({"type":"ping"})");
    close(1);
    settle();
    EXPECT_EQ(resume(id, Stage::Continue), CHATD_OK);
    settle();

    EXPECT_TRUE(unread(1).empty());
    EXPECT_TRUE(events.all().empty());
    message(2, R"({"type":"ping"})");
    EXPECT_EQ(next(2)["type"], "pong");
}

TEST_F(PipelinePause, OnlyThePausingPluginMayResume) {
    start_pausing();

    message(1, R"({"type":"ping","hold":"yes"})");
    chatd_frame_id id = held();
    EXPECT_EQ(caller.host.resume(id, Stage::Continue), CHATD_OK); // queued, then refused
    EXPECT_TRUE(unread(1).empty());

    EXPECT_EQ(resume(id, Stage::Continue), CHATD_OK);
    EXPECT_EQ(next(1)["type"], "pong");
}

TEST_F(PipelinePause, ResumeTakesOnlyAnOutcome) {
    start_pausing();

    message(1, R"({"type":"ping","hold":"yes"})");
    chatd_frame_id id = held();
    EXPECT_EQ(resume(id, Stage::Pause), CHATD_ERR_INVALID);
    EXPECT_EQ(resume(id, static_cast<Stage>(42)), CHATD_ERR_INVALID);
    EXPECT_EQ(resume(id, Stage::Continue), CHATD_OK);
    EXPECT_EQ(next(1)["type"], "pong");
}

TEST_F(PipelinePause, FrameNotResumedInTimeIsAnsweredInternal) {
    pipeline::Options options;
    options.pause_timeout = std::chrono::milliseconds(100);
    start_pausing(options);

    message(1, R"({"type":"ping","hold":"yes","id":"slow"})");
    chatd_frame_id id = held();
    message(1, R"({"type":"ping","id":"behind"})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"error","id":"slow","code":"internal",
                                       "message":"timed out waiting for pauser"})"));
    EXPECT_EQ(next(1), json::parse(R"({"type":"pong","id":"behind"})"));

    // The plugin's late resume finds nothing.
    EXPECT_EQ(resume(id, Stage::Continue), CHATD_OK);
    EXPECT_TRUE(unread(1).empty());
    EXPECT_EQ(events.all(), (Strings{"after ping"}));
}

TEST_F(PipelinePause, AnAnswerComputedOnAnotherThreadGoesToTheFrameWithItsId) {
    start_pausing();
    message(1, R"({"type":"history","hold":"yes","id":"q1"})");
    message(1, R"({"type":"ping","id":"behind"})");
    chatd_frame_id id = held();

    chatd_status status = CHATD_ERR_STATE;
    std::thread([&] {
        status = pauser().host.resume_with_reply(id, R"({"type":"history","messages":[]})");
    }).join();
    EXPECT_EQ(status, CHATD_OK);
    EXPECT_EQ(next(1), json::parse(R"({"type":"history","id":"q1","messages":[]})"));
    EXPECT_EQ(next(1), json::parse(R"({"type":"pong","id":"behind"})"));
    EXPECT_EQ(events.all(), (Strings{"after ping"})) << "a replied frame is handled";

    EXPECT_EQ(pauser().host.resume_with_reply(id, "not json"), CHATD_ERR_INVALID);
}

} // namespace
} // namespace chatd::test
