// A connection the server is closing: its frames, queued or still arriving,
// run no stage and get no answer, whoever closed it (a plugin, the host, or
// the network on a send queue overflow).
#include "pipeline_fixture.hpp"

namespace chatd::test {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

class PipelineClosing : public PipelineTest {
protected:
    void SetUp() override {
        TestPlugin &p = add_plugin("closer");
        p.on_frame = [this, &p](Frame &f) {
            const std::string type(f.type());
            events.push(type);
            if (type != "close_me") return Stage::Continue;
            EXPECT_EQ(p.host.close(f.conn(), 4000, "bye"), CHATD_OK);
            return Stage::Continue;
        };
        add_plugin("later").on_frame = [this](Frame &f) {
            events.push("later " + std::string(f.type()));
            return Stage::Continue;
        };
        start();
        open(1);
        open(2);
    }
};

TEST_F(PipelineClosing, FramesAfterAPluginCloseAreDroppedUnseen) {
    message(1, R"({"type":"close_me","id":1})");
    message(1, R"({"type":"ping","id":2})");
    message(2, R"({"type":"ping","id":3})");
    EXPECT_EQ(next(2), json::parse(R"({"type":"pong","id":3})"));
    settle();
    // Neither the later stage nor the terminal ran for the closing frame; the
    // ping after it reached no stage at all.
    EXPECT_EQ(events.all(), (Strings{"close_me", "ping", "later ping"}));
    EXPECT_TRUE(unread(1).empty());
    ASSERT_EQ(transport.closes().size(), 1u);
    EXPECT_EQ(transport.closes()[0].code, 4000);
    // Dropped frames still count as done, so the network's flow control holds.
    EXPECT_EQ(transport.frames_done(1), 2u);
}

TEST_F(PipelineClosing, FramesAfterASendQueueOverflowAreDropped) {
    transport.fill(1);
    message(1, R"({"type":"ping","id":1})"); // its pong overflows the queue
    message(1, R"({"type":"ping","id":2})");
    message(2, R"({"type":"ping","id":3})");
    EXPECT_EQ(next(2), json::parse(R"({"type":"pong","id":3})"));
    settle();
    EXPECT_EQ(events.all(), (Strings{"ping", "later ping", "ping", "later ping"}))
        << "conn 1's second ping must not run";
    EXPECT_EQ(transport.frames_done(1), 2u);
}

TEST_F(PipelineClosing, FramesAfterTheHostsCloseAreDropped) {
    on_pipeline([&] { pipeline->close(1, 1008, "policy"); });
    message(1, R"({"type":"ping","id":1})");
    settle();
    EXPECT_TRUE(events.all().empty());
    EXPECT_TRUE(unread(1).empty());
    EXPECT_EQ(transport.frames_done(1), 1u);
}

} // namespace
} // namespace chatd::test
