// The terminal after the last phase: delivery of room messages with their
// seq and ack, pong, unknown_type; and what the pipeline answers before any
// stage runs (frames that do not parse, rate limiting).
#include "pipeline_fixture.hpp"

namespace chatd::test {
namespace {

using nlohmann::json;

class PipelineTerminal : public PipelineTest {
protected:
    void SetUp() override {
        add_message_resolver();
        start();
        for (chatd_conn_id conn : {1, 2, 3})
            open(conn);
    }
};

TEST_F(PipelineTerminal, MessageGoesToEverySubscriberThenTheSenderGetsAnAck) {
    subscribe(1, "lobby");
    subscribe(2, "lobby");

    message(1, R"({"type":"message","room":"lobby","text":"hi","id":"m1"})");
    for (chatd_conn_id conn : {1, 2}) {
        json m = next(conn);
        ASSERT_TRUE(m.contains("ts")) << m;
        EXPECT_TRUE(m["ts"].is_string());
        m.erase("ts");
        EXPECT_EQ(m,
                  json::parse(
                      R"({"type":"message","room":"lobby","seq":1,"from":"guest-1","text":"hi"})"));
    }
    EXPECT_EQ(without_ts(next(1)),
              json::parse(R"({"type":"ack","id":"m1","room":"lobby","seq":1})"));
    EXPECT_TRUE(unread(2).empty());
    EXPECT_TRUE(unread(3).empty()) << "conn 3 is not subscribed";
}

TEST_F(PipelineTerminal, PublishedMessageKeepsItsKeyOrder) {
    subscribe(2, "lobby");
    message(1, R"({"text":"hi","room":"lobby","type":"message"})");
    auto raw = transport.wait_frame(2, 1, kDeadline);
    ASSERT_TRUE(raw);
    EXPECT_EQ(
        raw->rfind(
            R"({"type":"message","room":"lobby","seq":1,"from":"guest-1","text":"hi","ts":")", 0),
        0u)
        << *raw;
}

TEST_F(PipelineTerminal, SenderNeedNotBeSubscribed) {
    subscribe(2, "lobby");
    message(3, R"({"type":"message","room":"lobby","text":"hi"})");
    EXPECT_EQ(next(2)["from"], "guest-3");
    EXPECT_EQ(without_ts(next(3)), json::parse(R"({"type":"ack","room":"lobby","seq":1})"));
    EXPECT_TRUE(unread(3).empty());
}

TEST_F(PipelineTerminal, SeqCountsPerRoomAndIgnoresClientSeq) {
    subscribe(1, "lobby");
    subscribe(1, "side");

    message(1,
            R"({"type":"message","room":"lobby","text":"a","seq":99,"from":"mallory","ts":"x"})");
    message(1, R"({"type":"message","room":"lobby","text":"b"})");
    message(1, R"({"type":"message","room":"side","text":"c"})");
    std::vector<std::pair<std::string, uint64_t>> seen;
    for (json &f : unread(1))
        if (f["type"] == "message") {
            seen.emplace_back(f["room"].get<std::string>(), f["seq"].get<uint64_t>());
            EXPECT_EQ(f["from"], "guest-1");
            EXPECT_NE(f["ts"], "x");
        }
    EXPECT_EQ(seen, (std::vector<std::pair<std::string, uint64_t>>{
                        {"lobby", 1}, {"lobby", 2}, {"side", 1}}));
}

TEST_F(PipelineTerminal, MessagesGoOnlyWhereAStageMarkedThem) {
    subscribe(1, "lobby");
    message(1, R"({"type":"message","text":"no room named","id":1})");
    EXPECT_EQ(next(1)["text"], "no room named");
    EXPECT_EQ(without_ts(next(1)), json::parse(R"({"type":"ack","id":1,"room":"lobby","seq":1})"));
    // make_message needs a string text; the resolver rejects what it cannot mark.
    message(1, R"({"type":"message","room":"lobby","text":7,"id":2})");
    EXPECT_EQ(next(1)["code"], "bad_request");
}

TEST_F(PipelineTerminal, PingGetsPongWithTheId) {
    message(1, R"({"type":"ping","id":"p"})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"pong","id":"p"})"));
    message(1, R"({"type":"ping"})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"pong"})"));
}

TEST_F(PipelineTerminal, UnknownTypeIsReported) {
    message(1, R"({"type":"dance","id":3})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"error","id":3,"code":"unknown_type",
                                       "message":"unknown type 'dance'"})"));
}

TEST_F(PipelineTerminal, ALongUnknownTypeIsNotEchoed) {
    message(1, json({{"type", std::string(65, 'y')}, {"id", 4}}).dump());
    EXPECT_EQ(next(1)["message"], "unknown type (over 64 bytes)");
}

TEST_F(PipelineTerminal, FramesThatDoNotParseAreBadRequests) {
    message(1, "{not json");
    EXPECT_EQ(next(1)["code"], "bad_request");
    message(1, R"({"type":"ping"})", true);
    EXPECT_EQ(next(1)["code"], "bad_request");
    message(1, R"({"id":"x"})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"error","id":"x","code":"bad_request",
                                       "message":"missing 'type'"})"));
}

// The network bounds what a client provokes apart from what it is sent, so
// every send says which it is.
TEST_F(PipelineTerminal, AnswersAreSentAsRepliesAndRoomTrafficIsNot) {
    using transport::Traffic;
    subscribe(1, "lobby");
    subscribe(2, "lobby");
    message(1, R"({"type":"message","room":"lobby","text":"hi","id":1})");
    message(1, R"({"type":"ping","id":2})");
    message(1, R"({"type":"dance","id":3})");
    message(1, "{not json");
    settle();
    // The hello, the room's message, then the ack, pong and two errors.
    EXPECT_EQ(transport.traffic(1),
              (std::vector<Traffic>{Traffic::Unsolicited, Traffic::Unsolicited, Traffic::Reply,
                                    Traffic::Reply, Traffic::Reply, Traffic::Reply}));
    EXPECT_EQ(transport.traffic(2),
              (std::vector<Traffic>{Traffic::Unsolicited, Traffic::Unsolicited}));
}

TEST_F(PipelineTerminal, EveryFrameIsReportedDone) {
    message(1, R"({"type":"ping"})");
    message(1, "{not json");
    message(1, R"({"type":"dance"})");
    message(2, R"({"type":"ping"})");
    settle();
    EXPECT_EQ(transport.frames_done(1), 3u);
    EXPECT_EQ(transport.frames_done(2), 1u);
}

TEST_F(PipelineTerminal, FramesOfAnUnknownConnectionAreIgnored) {
    message(42, R"({"type":"ping"})");
    settle();
    EXPECT_TRUE(transport.frames(42).empty());
}

class PipelineBare : public PipelineTest {};

TEST_F(PipelineBare, AMessageNoStageMarkedIsAnUnknownType) {
    start();
    open(1);
    subscribe(1, "lobby");
    message(1, R"({"type":"message","room":"lobby","text":"hi","id":1})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"error","id":1,"code":"unknown_type",
                                       "message":"unknown type 'message'"})"));
    EXPECT_TRUE(unread(1).empty());
}

class PipelineRateLimit : public PipelineTest {};

TEST_F(PipelineRateLimit, AFloodIsAnsweredOncePerWindowWithRetryAfter) {
    pipeline::Options options;
    options.rate_limit_burst = 2;
    options.rate_limit_per_second = 1; // one token a second of the manual clock
    auto clock = std::make_shared<pipeline::Timers::Clock::time_point>();
    options.clock = [clock] { return *clock; };
    start(options);
    open(1);
    open(2);

    message(1, R"({"type":"ping","id":1})");
    message(1, R"({"type":"ping","id":2})");
    message(1, R"({"type":"ping","id":3})");
    message(1, "{not json even");
    message(1, R"({"type":"ping","id":5})");
    EXPECT_EQ(next(1)["type"], "pong");
    EXPECT_EQ(next(1)["type"], "pong");
    EXPECT_EQ(next(1), json::parse(R"({"type":"error","id":3,"code":"rate_limited",
        "message":"too many frames; frames are dropped until retry_after_ms has passed",
        "retry_after_ms":1000})"));
    settle();
    EXPECT_TRUE(unread(1).empty()) << "one answer for the whole flood";
    EXPECT_EQ(transport.frames_done(1), 5u);

    // The bucket is per connection.
    message(2, R"({"type":"ping"})");
    EXPECT_EQ(next(2)["type"], "pong");

    // Once a token is back a frame gets through, and the next flood is answered again.
    on_pipeline([&] { *clock += std::chrono::milliseconds(1000); });
    message(1, R"({"type":"ping","id":6})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"pong","id":6})"));
    message(1, R"({"type":"ping","id":7})");
    EXPECT_EQ(next(1)["code"], "rate_limited");
    EXPECT_EQ(transport.traffic(1).back(), transport::Traffic::Reply);
}

TEST_F(PipelineRateLimit, ABigAnswerCostsMoreTokens) {
    pipeline::Options options;
    options.rate_limit_burst = 4;
    options.rate_limit_per_second = 1;
    options.reply_cost_bytes = 256;
    auto clock = std::make_shared<pipeline::Timers::Clock::time_point>();
    options.clock = [clock] { return *clock; };
    add_plugin("lister").add_stage(
        CHATD_PHASE_HANDLE,
        [](Frame &f) {
            if (f.type() == "refuse") return f.reject("forbidden", std::string(520, 'y'));
            EXPECT_EQ(f.reply(json{{"type", "list"}, {"items", std::string(520, 'x')}}.dump()),
                      CHATD_OK);
            return Stage::Handled;
        },
        {"list", "refuse"});
    start(options);
    open(1);

    // An answer of 2 * 256 bytes or more: the frame's token and two more.
    message(1, R"({"type":"list","id":1})");
    EXPECT_EQ(next(1)["type"], "list");
    message(1, R"({"type":"ping","id":2})");
    EXPECT_EQ(next(1), json::parse(R"({"type":"pong","id":2})"));
    message(1, R"({"type":"ping","id":3})");
    EXPECT_EQ(next(1)["code"], "rate_limited") << "4 - 3 - 1 leaves nothing";

    // An error answer is charged the same way.
    on_pipeline([&] { *clock += std::chrono::milliseconds(4000); });
    message(1, R"({"type":"refuse","id":4})");
    EXPECT_EQ(next(1)["code"], "forbidden");
    message(1, R"({"type":"ping","id":5})");
    EXPECT_EQ(next(1)["type"], "pong");
    message(1, R"({"type":"ping","id":6})");
    EXPECT_EQ(next(1)["code"], "rate_limited");
}

} // namespace
} // namespace chatd::test
