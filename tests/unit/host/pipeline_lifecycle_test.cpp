// Connections opening and closing, plugin shutdown at stop(), and the ways
// work reaches the pipeline thread from elsewhere (post, timers).
#include "core/version.hpp"
#include "pipeline_fixture.hpp"

#include <atomic>
#include <thread>

namespace chatd::test {
namespace {

using Strings = std::vector<std::string>;

class PipelineLifecycle : public PipelineTest {
protected:
    // A plugin that notes its open, close and shutdown hooks as "<name> <hook>".
    TestPlugin &noting_plugin(const std::string &name) {
        TestPlugin &p = add_plugin(name);
        p.on_open = [this, name](chatd_conn_id conn) {
            events.push(name + " open " + std::to_string(conn));
        };
        p.on_close = [this, name, self = &p](chatd_conn_id conn) {
            // Subscriptions are still readable while on_close runs.
            events.push(name + " close " + std::to_string(conn) + " in lobby " +
                        std::to_string(self->host.is_subscribed(conn, "lobby")));
        };
        p.on_shutdown = [this, name] { events.push(name + " shutdown"); };
        return p;
    }

    // A C callback for post and timers; user is the fixture.
    static void note_thread(void *user) {
        auto *self = static_cast<PipelineLifecycle *>(user);
        self->events.push(self->pipeline->on_pipeline_thread() ? "on pipeline thread"
                                                               : "elsewhere");
    }
};

TEST_F(PipelineLifecycle, OpenSendsHelloThenRunsOnOpenInOrder) {
    noting_plugin("a");
    noting_plugin("b");
    start();

    pipeline->on_open(7, "192.0.2.7");
    auto raw = transport.wait_frame(7, 0, kDeadline);
    ASSERT_TRUE(raw);
    EXPECT_EQ(*raw, R"({"type":"hello","user":"guest-7","conn":7,"protocol":)" +
                        std::to_string(kProtocolVersion) + R"(,"server":"chatd )" + kVersion +
                        R"(","ready":true})");
    settle();
    EXPECT_EQ(events.all(), (Strings{"a open 7", "b open 7"}));

    std::string remote;
    on_pipeline([&] { remote = caller.host.remote_address(7); });
    EXPECT_EQ(remote, "192.0.2.7");
}

TEST_F(PipelineLifecycle, CloseRunsOnCloseInReverseWhileSubscriptionsAreVisible) {
    noting_plugin("a");
    noting_plugin("b");
    start();
    open(1);
    open(2);
    subscribe(1, "lobby");
    subscribe(2, "lobby");

    close(1);
    settle();
    EXPECT_EQ(events.all(), (Strings{"a open 1", "b open 1", "a open 2", "b open 2",
                                     "b close 1 in lobby 1", "a close 1 in lobby 1"}));

    size_t members = 0;
    std::vector<chatd_conn_id> lobby;
    on_pipeline([&] {
        members = caller.host.room_size("lobby");
        lobby = caller.host.room_members("lobby");
    });
    EXPECT_EQ(members, 1u);
    EXPECT_EQ(lobby, std::vector<chatd_conn_id>{2});

    close(1); // a second close of the same connection is ignored
    settle();
    EXPECT_EQ(events.all().size(), 6u);
}

TEST_F(PipelineLifecycle, StopClosesConnectionsThenShutsPluginsDownInReverse) {
    TestPlugin &a = noting_plugin("a");
    TestPlugin &b = noting_plugin("b");
    start();
    open(1);

    pipeline->stop();
    EXPECT_EQ(events.all(), (Strings{"a open 1", "b open 1", "b close 1 in lobby 0",
                                     "a close 1 in lobby 0", "b shutdown", "a shutdown"}));
    for (TestPlugin *p : {&a, &b}) {
        EXPECT_FALSE(p->record.active);
        EXPECT_EQ(p->record.state, nullptr);
    }
    EXPECT_FALSE(pipeline->post([] {})) << "a stopped pipeline takes no more work";
    pipeline->stop(); // idempotent
}

TEST_F(PipelineLifecycle, StopDropsWhatIsStillQueuedAtItsDeadlineButClosesAndShutsDown) {
    noting_plugin("a");
    start();
    open(1);
    settle();
    using Clock = std::chrono::steady_clock;
    // A backlog behind an event that holds the thread until the deadline,
    // which is set only once the backlog is queued.
    std::atomic<Clock::rep> release{Clock::time_point::max().time_since_epoch().count()};
    pipeline->post([&release] {
        while (Clock::now().time_since_epoch().count() < release)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
    for (int i = 0; i < 100; ++i)
        pipeline->post([this] { events.push("queued work"); });

    const auto deadline = Clock::now() + std::chrono::milliseconds(200);
    release = deadline.time_since_epoch().count();
    pipeline->stop(deadline);
    EXPECT_EQ(events.all(), (Strings{"a open 1", "a close 1 in lobby 0", "a shutdown"}));
}

TEST_F(PipelineLifecycle, OpenAndCloseHooksThatThrowDoNotStopOthers) {
    TestPlugin &thrower = add_plugin("thrower");
    thrower.on_open = [](chatd_conn_id) { throw std::runtime_error("open"); };
    thrower.on_close = [](chatd_conn_id) { throw 1; };
    noting_plugin("a");
    start();
    open(1);
    close(1);
    settle();
    EXPECT_EQ(events.all(), (Strings{"a open 1", "a close 1 in lobby 0"}));
}

TEST_F(PipelineLifecycle, PostFromAnotherThreadRunsOnThePipelineThread) {
    start();
    chatd_status status = CHATD_ERR_INVALID;
    std::thread([&] { status = caller.host.post(&note_thread, this); }).join();
    EXPECT_EQ(status, CHATD_OK);
    EXPECT_EQ(events.pop(), "on pipeline thread");

    EXPECT_EQ(caller.host.post(nullptr, nullptr), CHATD_ERR_INVALID);
    pipeline->stop();
    EXPECT_EQ(caller.host.post([](void *) {}, nullptr), CHATD_ERR_STATE);
}

TEST_F(PipelineLifecycle, PluginTimerFiresOnThePipelineThread) {
    TestPlugin &ticker = add_plugin("ticker");
    ticker.on_open = [this, self = &ticker](chatd_conn_id) {
        chatd_timer_id id = self->host.start_timer(
            0, 0, [](void *user, chatd_timer_id) { note_thread(user); }, this);
        events.push(id ? "started" : "refused");
    };
    start();
    open(1);
    EXPECT_EQ(events.pop(), "started");
    EXPECT_EQ(events.pop(), "on pipeline thread");
}

} // namespace
} // namespace chatd::test
