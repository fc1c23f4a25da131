// The test host is chatd's host: what a scripted plugin meets here is what it
// meets in the server, thread checks and host frames included.
#include "scripted_plugin.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace chatd::test {
namespace {

using nlohmann::json;
using namespace nlohmann::literals;
using Frames = std::vector<json>;

class TestHostTest : public ::testing::Test {
protected:
    TestHostTest() { script = &s; }
    void TearDown() override {
        host.shutdown(); // while the script its hooks call still exists
        script = nullptr;
    }
    void load() { ASSERT_EQ(host.load(&scripted_entry), ""); }
    // A connection whose hello has been read.
    chatd_conn_id arrive() {
        const chatd_conn_id conn = host.connect();
        host.take(conn);
        return conn;
    }
    const chatd_host_api &api() const { return *s.api; }

    Script s;
    TestHost host;
};

TEST_F(TestHostTest, TheHostGreetsAndAnswersWhatNoStageHandles) {
    load();
    const chatd_conn_id c = host.connect();
    const Frames hello = host.take(c);
    ASSERT_EQ(hello.size(), 1u);
    EXPECT_EQ(hello[0]["type"], "hello");
    EXPECT_EQ(hello[0]["user"], "guest-1");
    EXPECT_EQ(hello[0]["conn"], c);
    EXPECT_EQ(host.run_frame(c, R"({"type":"ping","id":3})"),
              Frames{R"({"type":"pong","id":3})"_json});
    const Frames unknown = host.run_frame(c, R"({"type":"x","id":4})");
    ASSERT_EQ(unknown.size(), 1u);
    EXPECT_EQ(unknown[0]["code"], "unknown_type");
    // Not a JSON object: the host answers before any stage runs.
    const Frames bad = host.run_frame(c, R"({"id":1})");
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0]["code"], "bad_request");
}

TEST_F(TestHostTest, RejectSendsTheSetErrorOrInternal) {
    load();
    const chatd_conn_id c = arrive();
    s.on_frame = [&](chatd_frame *f) {
        api().frame_set_error(f, sv("nope"), sv("because"));
        return CHATD_STAGE_REJECT;
    };
    EXPECT_EQ(host.run_frame(c, R"({"type":"x","id":"a"})"),
              Frames{R"({"type":"error","id":"a","code":"nope","message":"because"})"_json});
    s.on_frame = [](chatd_frame *) { return CHATD_STAGE_REJECT; };
    EXPECT_EQ(
        host.run_frame(c, R"({"type":"x"})"),
        Frames{
            R"({"type":"error","code":"internal","message":"rejected by plugin scripted"})"_json});
}

TEST_F(TestHostTest, ReplyAddsTheFrameIdAndOnlyObjectsAreSent) {
    load();
    const chatd_conn_id c = arrive();
    s.on_frame = [&](chatd_frame *f) {
        EXPECT_EQ(api().reply(s.self, f, sv(R"({"type":"r"})")), CHATD_OK);
        EXPECT_EQ(api().reply(s.self, f, sv("[1]")), CHATD_ERR_INVALID);
        EXPECT_EQ(api().send(s.self, api().frame_conn(f), sv("{")), CHATD_ERR_INVALID);
        EXPECT_EQ(api().send(s.self, 99, sv("{}")), CHATD_ERR_NOT_FOUND);
        return CHATD_STAGE_HANDLED;
    };
    EXPECT_EQ(host.run_frame(c, R"({"type":"x","id":"k"})"),
              Frames{R"({"type":"r","id":"k"})"_json});
    // Off the pipeline thread a send is only queued, so nobody is there to say NOT_FOUND.
    EXPECT_EQ(api().send(s.self, 99, sv("{}")), CHATD_OK);
}

TEST_F(TestHostTest, FrameAccessorsReadAndRewriteTheFrame) {
    load();
    const chatd_conn_id c = arrive();
    json seen;
    s.on_frame = [&](chatd_frame *f) {
        chatd_str_view text{};
        int64_t n = 0;
        EXPECT_EQ(str(api().frame_type(f)), "x");
        EXPECT_EQ(api().frame_conn(f), c);
        EXPECT_EQ(api().frame_get_string(f, "text", &text), CHATD_OK);
        EXPECT_EQ(str(text), "hi");
        EXPECT_EQ(api().frame_get_string(f, "n", &text), CHATD_ERR_WRONG_TYPE);
        EXPECT_EQ(api().frame_get_string(f, "none", &text), CHATD_ERR_NOT_FOUND);
        EXPECT_EQ(api().frame_get_int(f, "n", &n), CHATD_OK);
        EXPECT_EQ(n, -4);
        EXPECT_EQ(api().frame_get_int(f, "f", &n), CHATD_ERR_WRONG_TYPE);
        EXPECT_EQ(api().frame_set_string(f, "text", sv("bye")), CHATD_OK);
        EXPECT_EQ(api().frame_set_int(f, "m", 7), CHATD_OK);
        EXPECT_EQ(api().frame_remove(f, "f"), CHATD_OK);
        EXPECT_EQ(api().frame_remove(f, "f"), CHATD_ERR_NOT_FOUND);
        EXPECT_EQ(api().frame_remove(f, "type"), CHATD_ERR_INVALID);
        EXPECT_EQ(api().frame_set_string(f, "type", sv("")), CHATD_ERR_INVALID);
        seen = json::parse(str(api().frame_json(f)));
        return CHATD_STAGE_CONTINUE;
    };
    host.run_frame(c, R"({"type":"x","text":"hi","n":-4,"f":1.5})");
    EXPECT_EQ(seen, R"({"type":"x","text":"bye","n":-4,"m":7})"_json);
}

TEST_F(TestHostTest, APausedFrameIsResumedFromAnotherThread) {
    load();
    const chatd_conn_id c = arrive();
    chatd_frame_id paused = 0;
    s.on_frame = [&](chatd_frame *f) {
        paused = api().frame_id(f);
        return CHATD_STAGE_PAUSE;
    };
    EXPECT_EQ(host.run_frame(c, R"({"type":"slow","id":5})"), Frames{});
    std::thread([&] {
        EXPECT_EQ(api().resume(s.self, paused, CHATD_STAGE_REJECT, sv("busy"), sv("later")),
                  CHATD_OK);
    }).join();
    host.settle();
    EXPECT_EQ(host.take(c),
              Frames{R"({"type":"error","id":5,"code":"busy","message":"later"})"_json});
    // A second resume finds the frame finished and is dropped.
    EXPECT_EQ(api().resume(s.self, paused, CHATD_STAGE_REJECT, sv("again"), {}), CHATD_OK);
    host.settle();
    EXPECT_EQ(host.take(c), Frames{});
    EXPECT_EQ(api().resume(s.self, paused, 9, {}, {}), CHATD_ERR_INVALID);
}

TEST_F(TestHostTest, AResumeForAClosedConnectionIsDroppedQuietly) {
    load();
    const chatd_conn_id c = arrive();
    s.on_frame = [](chatd_frame *) { return CHATD_STAGE_PAUSE; };
    host.run_frame(c, R"({"type":"slow"})");
    host.disconnect(c);
    EXPECT_EQ(api().resume(s.self, 1, CHATD_STAGE_REJECT, sv("x"), sv("y")), CHATD_OK);
    host.settle();
    EXPECT_EQ(host.take(c), Frames{});
}

TEST_F(TestHostTest, PostedCallbacksRunOnThePipelineUntilShutdown) {
    load();
    struct Posted {
        Script *s;
        std::vector<chatd_status> statuses;
    } posted{&s, {}};
    auto note = [](void *user) {
        auto *p = static_cast<Posted *>(user);
        size_t n = 0;
        // Pipeline-thread only: CHATD_OK there, CHATD_ERR_STATE anywhere else.
        p->statuses.push_back(p->s->api->count_members(p->s->self, sv("r"), &n));
    };
    std::thread([&] { EXPECT_EQ(api().post(s.self, note, &posted), CHATD_OK); }).join();
    host.settle();
    EXPECT_EQ(posted.statuses, std::vector<chatd_status>{CHATD_OK});
    host.shutdown();
    EXPECT_TRUE(s.shut_down);
    EXPECT_EQ(api().post(s.self, note, &posted), CHATD_ERR_STATE);
}

TEST_F(TestHostTest, PipelineOnlyFunctionsRefuseTheTestThread) {
    load();
    const chatd_conn_id c = arrive();
    chatd_str_view user{};
    size_t members = 7;
    EXPECT_EQ(api().subscribe(s.self, c, sv("r")), CHATD_ERR_STATE);
    EXPECT_EQ(api().conn_user(s.self, c, &user), CHATD_ERR_STATE);
    EXPECT_EQ(api().count_members(s.self, sv("r"), &members), CHATD_ERR_STATE);
    EXPECT_EQ(api().timer_start(
                  s.self, 10, 0, [](void *, chatd_timer_id) {}, nullptr),
              0u);
    EXPECT_EQ(members, 7u);
    const auto logs = host.logs();
    EXPECT_TRUE(std::any_of(logs.begin(), logs.end(), [](const LogLine &l) {
        return l.level == CHATD_LOG_ERROR &&
               l.message == "[scripted] called a pipeline-thread host function from another thread";
    }));
    // On the pipeline thread the same calls work.
    chatd_status subscribed = CHATD_ERR_STATE;
    host.on_pipeline([&] { subscribed = api().subscribe(s.self, c, sv("r")); });
    EXPECT_EQ(subscribed, CHATD_OK);
}

TEST_F(TestHostTest, TimersFireInTimeOrderOnTheManualClock) {
    std::string fired;
    struct Timers {
        std::string *fired;
        Script *s;
        int every = 0;
    } timers{&fired, &s};
    chatd_timer_id once = 0;
    // Started in on_init, as plugins start theirs.
    s.on_init = [&] {
        once = api().timer_start(
            s.self, 500, 0,
            [](void *u, chatd_timer_id) { *static_cast<Timers *>(u)->fired += "o"; }, &timers);
        api().timer_start(
            s.self, 1000, 1000,
            [](void *u, chatd_timer_id t) {
                auto *ts = static_cast<Timers *>(u);
                *ts->fired += "e";
                if (++ts->every == 4) ts->s->api->timer_cancel(ts->s->self, t);
            },
            &timers);
    };
    load();
    host.advance(499);
    EXPECT_EQ(fired, "");
    host.advance(1);
    EXPECT_EQ(fired, "o");
    host.advance(3000); // 3500 ms in: the 1 s timer has fired three times
    EXPECT_EQ(fired, "oeee");
    host.advance(10000);
    EXPECT_EQ(fired, "oeeee") << "it cancelled itself on the fourth";
    chatd_status cancelled = CHATD_OK;
    host.on_pipeline([&] { cancelled = api().timer_cancel(s.self, once); });
    EXPECT_EQ(cancelled, CHATD_ERR_NOT_FOUND);
}

TEST_F(TestHostTest, RateLimitsRefillOnTheManualClock) {
    load();
    const chatd_conn_id c = arrive();
    for (int i = 0; i < 100; ++i) // the default burst
        ASSERT_EQ(host.run_frame(c, R"({"type":"ping"})").size(), 1u) << i;
    const Frames limited = host.run_frame(c, R"({"type":"ping"})");
    ASSERT_EQ(limited.size(), 1u);
    EXPECT_EQ(limited[0]["code"], "rate_limited");
    host.advance(20); // one token at the default 50 a second
    EXPECT_EQ(host.run_frame(c, R"({"type":"ping"})"), Frames{R"({"type":"pong"})"_json});
}

TEST_F(TestHostTest, OnCloseStillSeesTheRoomsButCannotSend) {
    load();
    const chatd_conn_id a = arrive();
    const chatd_conn_id b = arrive();
    host.on_pipeline([&] {
        ASSERT_EQ(api().subscribe(s.self, a, sv("r")), CHATD_OK);
        ASSERT_EQ(api().subscribe(s.self, b, sv("r")), CHATD_OK);
    });
    s.on_close = [&](chatd_conn_id c) {
        EXPECT_EQ(api().is_subscribed(s.self, c, sv("r")), 1);
        EXPECT_EQ(api().room_size(s.self, sv("r")), 2u);
        EXPECT_EQ(api().send(s.self, c, sv(R"({"type":"lost"})")), CHATD_ERR_NOT_FOUND);
        EXPECT_EQ(api().publish(s.self, sv("r"), sv(R"({"type":"bye"})"), 0), CHATD_OK);
    };
    host.disconnect(a);
    s.on_close = [](chatd_conn_id) {};
    EXPECT_EQ(host.take(a), Frames{});
    EXPECT_EQ(host.take(b), Frames{R"({"type":"bye"})"_json});
    int32_t subscribed = 0;
    chatd_str_view user{};
    chatd_status user_status = CHATD_OK;
    host.on_pipeline([&] {
        subscribed = api().is_subscribed(s.self, a, sv("r"));
        user_status = api().conn_user(s.self, a, &user);
    });
    EXPECT_EQ(subscribed, 0);
    EXPECT_EQ(user_status, CHATD_ERR_NOT_FOUND);
}

TEST_F(TestHostTest, RoomsListOnlyRoomsWithSubscribers) {
    load();
    const chatd_conn_id a = arrive();
    std::vector<std::pair<std::string, size_t>> listed;
    std::vector<chatd_status> got;
    host.on_pipeline([&] {
        api().subscribe(s.self, a, sv("r1"));
        api().subscribe(s.self, a, sv("r2"));
        api().unsubscribe(s.self, a, sv("r1"));
        api().rooms(
            s.self,
            [](void *u, chatd_str_view room, size_t n) {
                static_cast<decltype(listed) *>(u)->emplace_back(str(room), n);
            },
            &listed);
        got = {api().unsubscribe(s.self, a, sv("r1")), api().subscribe(s.self, a, sv("")),
               api().subscribe(s.self, a, sv("a\nb")),
               api().subscribe(s.self, a, sv(std::string(256, 'r'))),
               api().subscribe(s.self, 99, sv("r"))};
    });
    EXPECT_EQ(listed, (decltype(listed){{"r2", 1}}));
    EXPECT_EQ(got,
              (std::vector<chatd_status>{CHATD_ERR_NOT_FOUND, CHATD_ERR_INVALID, CHATD_ERR_INVALID,
                                         CHATD_ERR_INVALID, CHATD_ERR_NOT_FOUND}));
}

TEST_F(TestHostTest, PublishSkipsTheExcludedConnection) {
    load();
    const chatd_conn_id a = arrive();
    const chatd_conn_id b = arrive();
    host.on_pipeline([&] {
        api().subscribe(s.self, a, sv("r"));
        api().subscribe(s.self, b, sv("r"));
        api().publish(s.self, sv("r"), sv(R"({"type":"m"})"), a);
    });
    EXPECT_EQ(host.take(a), Frames{});
    EXPECT_EQ(host.take(b), Frames{R"({"type":"m"})"_json});
}

TEST_F(TestHostTest, ConnectionsCarryUsersRolesDataAndAddress) {
    load();
    const chatd_conn_id c = host.connect("10.0.0.1");
    host.set_user(c, "ann");
    EXPECT_THROW(host.set_user(c, ""), std::invalid_argument);
    host.on_pipeline([&] {
        chatd_str_view v{};
        EXPECT_EQ(api().conn_user(s.self, c, &v), CHATD_OK);
        EXPECT_EQ(str(v), "ann");
        EXPECT_EQ(api().conn_remote_address(s.self, c, &v), CHATD_OK);
        EXPECT_EQ(str(v), "10.0.0.1");
        EXPECT_EQ(api().conn_add_role(s.self, c, sv("op")), CHATD_OK);
        EXPECT_EQ(api().conn_has_role(s.self, c, sv("op")), 1);
        EXPECT_EQ(api().conn_remove_role(s.self, c, sv("op")), CHATD_OK);
        EXPECT_EQ(api().conn_remove_role(s.self, c, sv("op")), CHATD_ERR_NOT_FOUND);
        static int data = 0;
        EXPECT_EQ(api().conn_set_data(s.self, c, &data), CHATD_OK);
        EXPECT_EQ(api().conn_data(s.self, c), &data);
        EXPECT_EQ(api().close(s.self, c, 1005, sv("reserved")), CHATD_ERR_INVALID);
        EXPECT_EQ(api().close(s.self, c, 1008, sv("slow")), CHATD_OK);
    });
    ASSERT_TRUE(host.close_request(c));
    EXPECT_EQ(host.close_request(c)->code, 1008);
    EXPECT_EQ(host.close_request(c)->reason, "slow");
}

TEST_F(TestHostTest, UpgradesRunTheHandshakeHooksWithTheRequest) {
    s.on_handshake = [&](chatd_handshake *h) {
        const chatd_request *request = api().handshake_request(h);
        chatd_str_view token{}, header{};
        if (api().request_query(request, "token", &token) != CHATD_OK ||
            api().request_header(request, "x-who", &header) != CHATD_OK) {
            api().handshake_refuse(h, 401, sv("who are you?"));
            return CHATD_HANDSHAKE_REFUSE;
        }
        api().handshake_set_user(h, sv(std::string(str(token)) + "-" + std::string(str(header))));
        return CHATD_HANDSHAKE_ACCEPT;
    };
    load();
    const auto refused = host.upgrade("/chat?token=a%20b");
    ASSERT_TRUE(std::holds_alternative<HttpRefusal>(refused));
    EXPECT_EQ(std::get<HttpRefusal>(refused).status, 401u);
    EXPECT_EQ(std::get<HttpRefusal>(refused).body, "who are you?");
    EXPECT_THROW(host.connect(), std::runtime_error);

    const auto accepted = host.upgrade("/chat?token=a%20b", {{"X-Who", "ann"}});
    ASSERT_TRUE(std::holds_alternative<chatd_conn_id>(accepted));
    const Frames hello = host.take(std::get<chatd_conn_id>(accepted));
    ASSERT_EQ(hello.size(), 1u);
    EXPECT_EQ(hello[0]["user"], "a b-ann");
}

TEST_F(TestHostTest, UserConnsFollowRenamesAndClosesInOpeningOrder) {
    load();
    const chatd_conn_id a = arrive();
    const chatd_conn_id b = arrive();
    const chatd_conn_id c = arrive();
    host.set_user(c, "Ann");
    host.set_user(a, "ann");
    auto conns_of = [&](std::string_view user) {
        std::vector<chatd_conn_id> out;
        host.on_pipeline([&] {
            EXPECT_EQ(api().user_conns(
                          s.self, sv(user),
                          [](void *u, chatd_conn_id conn) {
                              static_cast<std::vector<chatd_conn_id> *>(u)->push_back(conn);
                          },
                          &out),
                      CHATD_OK);
        });
        return out;
    };
    using Conns = std::vector<chatd_conn_id>;
    EXPECT_EQ(conns_of("ANN"), (Conns{a, c})) << "case-insensitive, in opening order";
    EXPECT_EQ(conns_of("guest-" + std::to_string(b)), Conns{b});
    EXPECT_EQ(conns_of("guest-" + std::to_string(a)), Conns{}) << "renamed away";
    EXPECT_EQ(conns_of(""), Conns{});

    host.set_user(c, "bob");
    EXPECT_EQ(conns_of("ann"), Conns{a});
    EXPECT_EQ(conns_of("bob"), Conns{c});
    host.disconnect(a);
    EXPECT_EQ(conns_of("ann"), Conns{});
    EXPECT_EQ(api().user_conns(
                  s.self, sv("bob"), [](void *, chatd_conn_id) {}, nullptr),
              CHATD_ERR_STATE)
        << "pipeline thread only";
    host.on_pipeline([&] {
        EXPECT_EQ(api().user_conns(s.self, sv("bob"), nullptr, nullptr), CHATD_ERR_INVALID);
    });
}

TEST_F(TestHostTest, UserConnsListsOnlyReadyConnections) {
    static const chatd_plugin_descriptor gating = [] {
        chatd_plugin_descriptor d = scripted_descriptor();
        d.flags = CHATD_PLUGIN_GATES_READY;
        return d;
    }();
    ASSERT_EQ(host.load([](uint16_t, uint16_t) { return &gating; }), "");
    const chatd_conn_id waiting = arrive();
    host.set_user(waiting, "ann");
    auto count = [&] {
        size_t n = 0;
        host.on_pipeline([&] {
            api().user_conns(
                s.self, sv("ann"), [](void *u, chatd_conn_id) { ++*static_cast<size_t *>(u); }, &n);
        });
        return n;
    };
    EXPECT_EQ(count(), 0u) << "not let in yet: nobody's";
    host.on_pipeline([&] { EXPECT_EQ(api().conn_set_ready(s.self, waiting), CHATD_OK); });
    EXPECT_EQ(count(), 1u);
}

TEST_F(TestHostTest, HooksLogThroughTheHost) {
    s.on_init = [&] { api().log(s.self, CHATD_LOG_WARN, sv("careful")); };
    load();
    const auto logs = host.logs();
    EXPECT_TRUE(std::any_of(logs.begin(), logs.end(), [](const LogLine &l) {
        return l.level == CHATD_LOG_WARN && l.message == "[scripted] careful";
    }));
}

} // namespace
} // namespace chatd::test
