// The stages: order, what each stage status makes the pipeline do next, and
// the host's guard around a stage that throws.
#include "pipeline_fixture.hpp"

#include <stdexcept>

namespace chatd::test {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

class PipelineStages : public PipelineTest {
protected:
    // A stage that notes its name and passes the frame on.
    TestPlugin &passing_stage(std::string name) {
        TestPlugin &p = add_plugin(name);
        p.on_frame = [this, name](Frame &) {
            events.push(name);
            return Stage::Continue;
        };
        return p;
    }
};

TEST_F(PipelineStages, RunInPipelineOrderAndSkipPluginsWithoutStage) {
    passing_stage("first");
    add_plugin("no_stage").on_open = [](chatd_conn_id) {};
    passing_stage("second");
    start();
    open(1);

    message(1, R"({"type":"ping","id":1})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"pong","id":1})"));
    EXPECT_EQ(events.all(), (Strings{"first", "second"}));
}

TEST_F(PipelineStages, SeeTheFrameOfTheirConnection) {
    add_plugin("inspector").on_frame = [this](Frame &f) {
        events.push(std::string(f.type()) + " conn " + std::to_string(f.conn()));
        return Stage::Continue;
    };
    start();
    open(1);
    open(2);

    message(2, R"({"type":"ping"})");
    message(1, R"({"type":"ping"})");
    next(2);
    next(1);
    EXPECT_EQ(events.all(), (Strings{"ping conn 2", "ping conn 1"}));
}

TEST_F(PipelineStages, InactivePluginIsSkipped) {
    TestPlugin &off = passing_stage("off");
    passing_stage("on");
    start();
    open(1);
    on_pipeline([&] { off.record.active = false; });

    message(1, R"({"type":"ping"})");
    EXPECT_EQ(next(1)["type"], "pong");
    EXPECT_EQ(events.all(), (Strings{"on"}));
}

TEST_F(PipelineStages, RejectSendsTheStagesErrorWithTheFrameId) {
    add_plugin("guard").on_frame = [](Frame &f) { return f.reject("forbidden", "not here"); };
    passing_stage("later");
    start();
    open(1);

    message(1, R"({"type":"ping","id":"r1"})");
    EXPECT_EQ(next(1),
              json::parse(R"({"type":"error","id":"r1","code":"forbidden","message":"not here"})"));
    EXPECT_TRUE(events.all().empty());
    EXPECT_TRUE(unread(1).empty());
}

TEST_F(PipelineStages, RejectWithoutAnErrorIsInternal) {
    add_plugin("guard").on_frame = [](Frame &) { return Stage::Reject; };
    start();
    open(1);

    message(1, R"({"type":"ping","id":5})");
    json error = next(1);
    EXPECT_EQ(error["code"], "internal");
    EXPECT_EQ(error["id"], 5);
    EXPECT_EQ(error["message"], "rejected by plugin guard");
}

TEST_F(PipelineStages, UnknownStatusIsInternal) {
    add_plugin("confused").on_frame = [](Frame &) { return static_cast<Stage>(42); };
    passing_stage("later");
    start();
    open(1);

    message(1, R"({"type":"ping","id":"u"})");
    json error = next(1);
    EXPECT_EQ(error["type"], "error");
    EXPECT_EQ(error["code"], "internal");
    EXPECT_EQ(error["id"], "u");
    EXPECT_TRUE(events.all().empty());
}

TEST_F(PipelineStages, HandledStopsLaterStagesAndTheTerminal) {
    add_plugin("answer").on_frame = [](Frame &f) {
        EXPECT_EQ(f.reply(R"({"n":1,"type":"custom"})"), CHATD_OK);
        return Stage::Handled;
    };
    passing_stage("later");
    start();
    open(1);

    message(1, R"({"type":"ping","id":"h1"})");
    // The reply leads with "type" then the frame's id, whatever order the plugin wrote.
    EXPECT_EQ(transport.wait_frame(1, 1, kDeadline), R"({"type":"custom","id":"h1","n":1})");
    EXPECT_EQ(next(1)["type"], "custom");
    EXPECT_TRUE(unread(1).empty()) << "no pong after HANDLED";
    EXPECT_TRUE(events.all().empty());
}

TEST_F(PipelineStages, RewrittenTextIsSeenByTheNextStageAndPublished) {
    add_message_resolver();
    add_plugin("rewrite").on_frame = [](Frame &f) {
        f.set_string("text", "rewritten");
        return Stage::Continue;
    };
    add_plugin("reader").on_frame = [this](Frame &f) {
        events.push(std::string(f.get_string("text").value_or("<none>")));
        return Stage::Continue;
    };
    start();
    open(1);
    subscribe(1, "lobby");

    message(1, "  original words");
    json published = next(1);
    EXPECT_EQ(published["type"], "message");
    EXPECT_EQ(published["text"], "rewritten");
    EXPECT_EQ(events.all(), (Strings{"rewritten"}));
}

TEST_F(PipelineStages, PhasesRunInTheirOrderWhateverThePluginOrder) {
    // Listed first, but its stages sit in later phases than the second plugin's.
    TestPlugin &late = add_plugin("late");
    TestPlugin &early = add_plugin("early");
    auto note = [this](std::string what) {
        return [this, what](Frame &) {
            events.push(what);
            return Stage::Continue;
        };
    };
    late.add_stage(CHATD_PHASE_COMMIT, note("late:commit"));
    late.add_stage(CHATD_PHASE_IDENTIFY, note("late:identify"));
    late.on_frame = note("late:handle");
    early.add_stage(CHATD_PHASE_HANDLE, note("early:handle"));
    early.add_stage(CHATD_PHASE_RESOLVE, note("early:resolve"));
    early.add_stage(CHATD_PHASE_AUTHORIZE, note("early:authorize:join"), {"join"});
    start();
    open(1);

    message(1, R"({"type":"ping"})");
    next(1);
    message(1, R"({"type":"join","room":"x"})");
    next(1);
    EXPECT_EQ(events.all(),
              (Strings{"early:resolve", "late:identify", "late:handle", "early:handle",
                       "late:commit", // ping; then join, which the authorize stage also sees:
                       "early:resolve", "late:identify", "early:authorize:join", "late:handle",
                       "early:handle", "late:commit"}));
}

TEST_F(PipelineStages, ACommitStageFixesSeqAndTimeAndTheCounterContinues) {
    add_message_resolver();
    // As a storage plugin does when it has assigned the seq itself.
    add_plugin("storage").add_stage(CHATD_PHASE_COMMIT, [](Frame &f) {
        if (f.get_string("text") == "stored") {
            EXPECT_EQ(f.commit_message(41, 1'764'547'200'123), CHATD_OK);
            // What is delivered is fixed now, whatever later changes the frame sees.
            f.set_string("text", "changed after commit");
        }
        return Stage::Continue;
    });
    start();
    open(1);
    subscribe(1, "lobby");

    message(1, R"({"type":"message","room":"lobby","text":"stored","id":1})");
    message(1, R"({"type":"message","room":"lobby","text":"next"})");
    std::vector<json> frames = {next(1), next(1), next(1), next(1)};
    EXPECT_EQ(frames[0], json::parse(R"({"type":"message","room":"lobby","seq":41,
        "from":"guest-1","text":"stored","ts":"2025-12-01T00:00:00.123Z"})"));
    EXPECT_EQ(frames[1], json::parse(R"({"type":"ack","id":1,"room":"lobby","seq":41,
        "ts":"2025-12-01T00:00:00.123Z"})"));
    EXPECT_EQ(frames[2]["seq"], 42);
    EXPECT_EQ(frames[3]["seq"], 42);
}

TEST_F(PipelineStages, ExtraFieldsTravelWithTheMessageButNotTheHostsOwnKeys) {
    add_message_resolver();
    add_plugin("tagger").on_frame = [this](Frame &f) {
        EXPECT_EQ(f.set_extra("lang", R"("en")"), CHATD_OK);
        EXPECT_EQ(f.set_extra("seq", "7"), CHATD_ERR_INVALID);
        EXPECT_EQ(f.set_extra("bad", "{nope"), CHATD_ERR_INVALID);
        auto m = f.message();
        EXPECT_TRUE(m);
        if (m)
            events.push(std::string(view(m->room)) + "|" + std::string(view(m->from)) + "|" +
                        std::string(view(m->text)) + "|" + std::string(view(m->extra_json)));
        events.push(std::string(f.message_json()));
        return Stage::Continue;
    };
    start();
    open(1);
    subscribe(1, "lobby");

    message(1, "hi");
    EXPECT_EQ(next(1)["lang"], "en");
    EXPECT_EQ(
        events.all(),
        (Strings{R"(lobby|guest-1|hi|{"lang":"en"})",
                 R"({"type":"message","room":"lobby","from":"guest-1","text":"hi","lang":"en"})"}));
}

TEST_F(PipelineStages, PlainTextReachesStagesVerbatim) {
    add_plugin("reader").on_frame = [this](Frame &f) {
        events.push(std::string(f.type()) + ":" + std::string(f.get_string("text").value_or("")));
        return Stage::Handled;
    };
    start();
    open(1);

    message(1, "  [1] hi");
    settle();
    EXPECT_EQ(events.all(), (Strings{"message:  [1] hi"}));
}

TEST_F(PipelineStages, ExceptionThroughTheCHookIsCaughtAsInternal) {
    add_plugin("thrower").on_frame = [](Frame &f) -> Stage {
        if (f.get_string("kind") == "std") throw std::runtime_error("boom");
        if (f.get_string("kind") == "other") throw 42;
        return Stage::Continue;
    };
    passing_stage("later");
    start();
    open(1);

    for (const char *kind : {"std", "other"}) {
        message(1, std::string(R"({"type":"ping","id":")") + kind + R"(","kind":")" + kind + "\"}");
        EXPECT_EQ(next(1), json({{"type", "error"},
                                 {"id", kind},
                                 {"code", "internal"},
                                 {"message", "internal error"}}));
    }
    EXPECT_TRUE(events.all().empty());

    // Only that frame failed: the pipeline carries on.
    message(1, R"({"type":"ping","id":"after"})");
    EXPECT_EQ(next(1)["type"], "pong");
    EXPECT_EQ(events.all(), (Strings{"later"}));
}

TEST_F(PipelineStages, StagesBuildOneAnswerSentAfterTheLastPhase) {
    add_plugin("starts").on_frame = [](Frame &f) {
        EXPECT_EQ(f.answer_add(R"({"type":"done","a":1,"b":1})"), CHATD_OK);
        return Stage::Continue;
    };
    add_plugin("adds").on_frame = [](Frame &f) {
        EXPECT_EQ(f.answer_add(R"({"b":2,"c":[3]})"), CHATD_OK);
        EXPECT_EQ(f.answer_add("[1]"), CHATD_ERR_INVALID) << "an answer is an object";
        return Stage::Continue;
    };
    start();
    open(1);

    message(1, R"({"type":"custom","id":"q"})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"done","id":"q","a":1,"b":2,"c":[3]})"));
    EXPECT_TRUE(unread(1).empty()) << "the answer instead of unknown_type";
}

TEST_F(PipelineStages, AnAnswerGoesWithHandledAndNotWithAnError) {
    add_plugin("starts").on_frame = [](Frame &f) {
        f.answer_add(R"({"type":"partial"})");
        return Stage::Continue;
    };
    add_plugin("ends").on_frame = [](Frame &f) {
        if (f.type() == "refuse") return f.reject("forbidden", "no");
        return Stage::Handled;
    };
    start();
    open(1);

    message(1, R"({"type":"accept","id":1})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"partial","id":1})"));
    message(1, R"({"type":"refuse","id":2})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"error","id":2,"code":"forbidden","message":"no"})"));
    EXPECT_TRUE(unread(1).empty());
}

} // namespace
} // namespace chatd::test
