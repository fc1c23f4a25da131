// The fake host keeps the promises of plugin_abi.h, checked through a plugin
// whose hooks each test scripts.
#include "fake_host.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <string_view>
#include <thread>

namespace chatd::fake {
namespace {

using nlohmann::json;
using namespace nlohmann::literals;

chatd_str_view sv(std::string_view s) { return {s.data(), s.size()}; }
std::string_view str(chatd_str_view v) { return {v.data, v.size}; }

struct Script {
    chatd_plugin *self = nullptr;
    const chatd_host_api *api = nullptr;
    std::string init_error;
    bool shut_down = false;
    std::function<void(chatd_conn_id)> on_open = [](chatd_conn_id) {};
    std::function<void(chatd_conn_id)> on_close = [](chatd_conn_id) {};
    std::function<chatd_stage_status(chatd_frame *)> on_frame = [](chatd_frame *) {
        return CHATD_STAGE_CONTINUE;
    };
};

// The entry point has no user pointer, so the running test's script is global.
Script *script = nullptr;

const chatd_config_option kOptions[] = {
    {sizeof(chatd_config_option), CHATD_CONFIG_STRING, "name", "", "x", 0, 0, 0, 0},
    {sizeof(chatd_config_option), CHATD_CONFIG_INT, "count", "", nullptr, 3, 0, 1, 5},
    {sizeof(chatd_config_option), CHATD_CONFIG_BOOL, "on", "", nullptr, 1, 0, 0, 0},
    {sizeof(chatd_config_option), CHATD_CONFIG_DOUBLE, "ratio", "", nullptr, 0, 0.5, 0, 0},
    {sizeof(chatd_config_option), CHATD_CONFIG_STRING_ARRAY, "list", "", nullptr, 0, 0, 0, 0},
};

chatd_plugin_descriptor descriptor() {
    chatd_plugin_descriptor d{};
    d.struct_size = sizeof d;
    d.abi_major = CHATD_ABI_MAJOR;
    d.abi_minor = CHATD_ABI_MINOR;
    d.host_api_size = sizeof(chatd_host_api);
    d.name = "scripted";
    d.config_options = kOptions;
    d.config_option_count = std::size(kOptions);
    d.on_init = [](chatd_plugin *self, const chatd_host_api *api, void **, char *error,
                   size_t size) -> int32_t {
        script->self = self;
        script->api = api;
        std::snprintf(error, size, "%s", script->init_error.c_str());
        return script->init_error.empty() ? 0 : 1;
    };
    d.on_shutdown = [](void *) { script->shut_down = true; };
    d.on_open = [](void *, chatd_conn_id c) { script->on_open(c); };
    d.on_close = [](void *, chatd_conn_id c) { script->on_close(c); };
    d.on_frame = [](void *, chatd_frame *f) { return script->on_frame(f); };
    return d;
}

const chatd_plugin_descriptor *entry(uint16_t, uint16_t) {
    static const chatd_plugin_descriptor d = descriptor();
    return &d;
}

class FakeHostTest : public ::testing::Test {
protected:
    void SetUp() override { script = &s; }
    void TearDown() override {
        host.shutdown(); // while the script it calls still exists
        script = nullptr;
    }
    void load() { ASSERT_EQ(host.load(&entry), ""); }
    const chatd_host_api &api() const { return *s.api; }

    Script s;
    FakeHost host;
};

TEST_F(FakeHostTest, RejectSendsTheSetErrorOrInternal) {
    load();
    const chatd_conn_id c = host.connect();
    s.on_frame = [&](chatd_frame *f) {
        api().frame_set_error(f, sv("nope"), sv("because"));
        return CHATD_STAGE_REJECT;
    };
    host.run_frame(c, R"({"type":"x","id":"a"})");
    s.on_frame = [](chatd_frame *) { return CHATD_STAGE_REJECT; };
    host.run_frame(c, R"({"type":"x"})");
    EXPECT_EQ(
        host.take(c),
        (std::vector<json>{
            R"({"type":"error","id":"a","code":"nope","message":"because"})"_json,
            R"({"type":"error","code":"internal","message":"rejected by plugin scripted"})"_json}));
}

TEST_F(FakeHostTest, ReplyAddsTheFrameIdAndOnlyObjectsAreSent) {
    load();
    const chatd_conn_id c = host.connect();
    s.on_frame = [&](chatd_frame *f) {
        EXPECT_EQ(api().reply(s.self, f, sv(R"({"type":"r"})")), CHATD_OK);
        EXPECT_EQ(api().reply(s.self, f, sv("[1]")), CHATD_ERR_INVALID);
        EXPECT_EQ(api().send(s.self, api().frame_conn(f), sv("{")), CHATD_ERR_INVALID);
        return CHATD_STAGE_HANDLED;
    };
    host.run_frame(c, R"({"type":"x","id":{"n":1}})");
    // The id goes right after the type, as the host writes it.
    EXPECT_EQ(host.outbox(c), std::vector<std::string>{R"({"type":"r","id":{"n":1}})"});
    EXPECT_EQ(api().send(s.self, 99, sv("{}")), CHATD_ERR_NOT_FOUND);
}

TEST_F(FakeHostTest, FrameAccessorsReadAndRewriteTheFrame) {
    load();
    const chatd_conn_id c = host.connect();
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
        EXPECT_EQ(json::parse(str(api().frame_json(f))),
                  R"({"type":"x","text":"bye","n":-4,"m":7})"_json);
        return CHATD_STAGE_CONTINUE;
    };
    EXPECT_EQ(host.run_frame(c, R"({"type":"x","text":"hi","n":-4,"f":1.5})"),
              CHATD_STAGE_CONTINUE);
    EXPECT_EQ(host.last_frame(), R"({"type":"x","text":"bye","n":-4,"m":7})"_json);
    EXPECT_THROW(host.run_frame(c, R"({"id":1})"), std::invalid_argument);
}

TEST_F(FakeHostTest, APausedFrameIsResumedFromAnotherThread) {
    load();
    const chatd_conn_id c = host.connect();
    chatd_frame_id paused = 0;
    s.on_frame = [&](chatd_frame *f) {
        paused = api().frame_id(f);
        return CHATD_STAGE_PAUSE;
    };
    EXPECT_EQ(host.run_frame(c, R"({"type":"slow","id":5})"), CHATD_STAGE_PAUSE);
    std::thread([&] {
        EXPECT_EQ(api().resume(s.self, paused, CHATD_STAGE_REJECT, sv("busy"), sv("later")),
                  CHATD_OK);
    }).join();
    EXPECT_TRUE(host.outbox(c).empty()) << "applied only on the pipeline thread";
    host.run_posted();
    EXPECT_EQ(host.take(c),
              std::vector<json>{R"({"type":"error","id":5,"code":"busy","message":"later"})"_json});
    // A second resume finds the frame finished and is dropped.
    EXPECT_EQ(api().resume(s.self, paused, CHATD_STAGE_REJECT, sv("again"), {}), CHATD_OK);
    host.run_posted();
    EXPECT_TRUE(host.outbox(c).empty());
    ASSERT_EQ(host.resumed().size(), 2u);
    EXPECT_EQ(host.resumed()[0].code, "busy");
    EXPECT_EQ(api().resume(s.self, paused, 9, {}, {}), CHATD_ERR_INVALID);
}

TEST_F(FakeHostTest, AResumeForAClosedConnectionIsDroppedQuietly) {
    load();
    const chatd_conn_id c = host.connect();
    s.on_frame = [](chatd_frame *) { return CHATD_STAGE_PAUSE; };
    host.run_frame(c, R"({"type":"slow"})");
    host.disconnect(c);
    EXPECT_EQ(api().resume(s.self, 1, CHATD_STAGE_REJECT, sv("x"), sv("y")), CHATD_OK);
    host.run_posted();
    EXPECT_TRUE(host.outbox(c).empty());
}

TEST_F(FakeHostTest, PostedCallbacksRunInOrderUntilShutdown) {
    load();
    std::vector<int> ran;
    auto push = [](void *user) { static_cast<std::vector<int> *>(user)->push_back(1); };
    std::thread([&] { EXPECT_EQ(api().post(s.self, push, &ran), CHATD_OK); }).join();
    EXPECT_TRUE(ran.empty());
    host.run_posted();
    EXPECT_EQ(ran, std::vector<int>{1});
    host.shutdown();
    EXPECT_TRUE(s.shut_down);
    EXPECT_EQ(api().post(s.self, push, &ran), CHATD_ERR_STATE);
}

TEST_F(FakeHostTest, TimersFireOnTheManualClock) {
    load();
    struct Counts {
        int once = 0, every = 0;
        Script *s;
    } counts{0, 0, &s};
    api().timer_start(
        s.self, 500, 0, [](void *u, chatd_timer_id) { ++static_cast<Counts *>(u)->once; }, &counts);
    api().timer_start(
        s.self, 100, 100,
        [](void *u, chatd_timer_id t) {
            auto *c = static_cast<Counts *>(u);
            if (++c->every == 3) c->s->api->timer_cancel(c->s->self, t);
        },
        &counts);
    EXPECT_EQ(host.active_timers(), 2u);
    host.advance(99);
    EXPECT_EQ(counts.every, 0);
    host.advance(1000);
    EXPECT_EQ(counts.once, 1);
    EXPECT_EQ(counts.every, 3);
    EXPECT_EQ(host.active_timers(), 0u);
    EXPECT_EQ(host.now_ms(), 1099u);
    EXPECT_EQ(api().timer_cancel(s.self, 1), CHATD_ERR_NOT_FOUND);
}

TEST_F(FakeHostTest, OnCloseStillSeesTheRoomsButCannotSend) {
    load();
    const chatd_conn_id a = host.connect();
    const chatd_conn_id b = host.connect();
    ASSERT_EQ(api().subscribe(s.self, a, sv("r")), CHATD_OK);
    ASSERT_EQ(api().subscribe(s.self, b, sv("r")), CHATD_OK);
    s.on_close = [&](chatd_conn_id c) {
        EXPECT_EQ(api().is_subscribed(s.self, c, sv("r")), 1);
        EXPECT_EQ(api().room_size(s.self, sv("r")), 2u);
        EXPECT_EQ(api().send(s.self, c, sv(R"({"type":"lost"})")), CHATD_OK);
        EXPECT_EQ(api().publish(s.self, sv("r"), sv(R"({"type":"bye"})"), 0), CHATD_OK);
    };
    host.disconnect(a);
    s.on_close = [](chatd_conn_id) {};
    EXPECT_TRUE(host.outbox(a).empty());
    EXPECT_EQ(host.take(b), std::vector<json>{R"({"type":"bye"})"_json});
    EXPECT_EQ(api().is_subscribed(s.self, a, sv("r")), 0);
    chatd_str_view user{};
    EXPECT_EQ(api().conn_user(s.self, a, &user), CHATD_ERR_NOT_FOUND);
}

TEST_F(FakeHostTest, RoomsListOnlyRoomsWithSubscribers) {
    load();
    const chatd_conn_id a = host.connect();
    api().subscribe(s.self, a, sv("r1"));
    api().subscribe(s.self, a, sv("r2"));
    api().unsubscribe(s.self, a, sv("r1"));
    std::vector<std::pair<std::string, size_t>> listed;
    api().rooms(
        s.self,
        [](void *u, chatd_str_view room, size_t n) {
            static_cast<decltype(listed) *>(u)->emplace_back(str(room), n);
        },
        &listed);
    EXPECT_EQ(listed, (decltype(listed){{"r2", 1}}));
    EXPECT_EQ(api().unsubscribe(s.self, a, sv("r1")), CHATD_ERR_NOT_FOUND);
    EXPECT_EQ(api().subscribe(s.self, a, sv("")), CHATD_ERR_INVALID);
    EXPECT_EQ(api().subscribe(s.self, a, sv("a\nb")), CHATD_ERR_INVALID);
    EXPECT_EQ(api().subscribe(s.self, a, sv(std::string(256, 'r'))), CHATD_ERR_INVALID);
    EXPECT_EQ(api().subscribe(s.self, 99, sv("r")), CHATD_ERR_NOT_FOUND);
}

TEST_F(FakeHostTest, PublishSkipsTheExcludedConnection) {
    load();
    const chatd_conn_id a = host.connect();
    const chatd_conn_id b = host.connect();
    api().subscribe(s.self, a, sv("r"));
    api().subscribe(s.self, b, sv("r"));
    api().publish(s.self, sv("r"), sv(R"({"type":"m"})"), a);
    EXPECT_TRUE(host.outbox(a).empty());
    EXPECT_EQ(host.outbox(b), std::vector<std::string>{R"({"type":"m"})"});
}

TEST_F(FakeHostTest, ConnectionsCarryUsersRolesDataAndAddress) {
    load();
    const chatd_conn_id c = host.connect("ann");
    host.set_remote_address(c, "10.0.0.1");
    chatd_str_view v{};
    EXPECT_EQ(api().conn_user(s.self, c, &v), CHATD_OK);
    EXPECT_EQ(str(v), "ann");
    EXPECT_EQ(api().conn_remote_address(s.self, c, &v), CHATD_OK);
    EXPECT_EQ(str(v), "10.0.0.1");
    EXPECT_EQ(api().conn_add_role(s.self, c, sv("op")), CHATD_OK);
    EXPECT_EQ(api().conn_has_role(s.self, c, sv("op")), 1);
    EXPECT_EQ(api().conn_remove_role(s.self, c, sv("op")), CHATD_OK);
    EXPECT_EQ(api().conn_remove_role(s.self, c, sv("op")), CHATD_ERR_NOT_FOUND);
    int data = 0;
    EXPECT_EQ(api().conn_set_data(s.self, c, &data), CHATD_OK);
    EXPECT_EQ(api().conn_data(s.self, c), &data);
    EXPECT_EQ(api().conn_set_user(s.self, c, sv("")), CHATD_ERR_INVALID);
    EXPECT_EQ(api().close(s.self, c, 1005, sv("reserved")), CHATD_ERR_INVALID);
    EXPECT_EQ(api().close(s.self, c, 1008, sv("slow")), CHATD_OK);
    ASSERT_TRUE(host.close_request(c));
    EXPECT_EQ(host.close_request(c)->code, 1008);
}

TEST_F(FakeHostTest, ConfigServesDeclaredDefaultsAndGivenValues) {
    host.set_config_int("count", 5);
    host.set_config_strings("list", {"a", "b"});
    load();
    chatd_str_view name{};
    int64_t count = 0;
    int32_t on = 0;
    double ratio = 0;
    size_t n = 0;
    EXPECT_EQ(api().config_string(s.self, "name", &name), CHATD_OK);
    EXPECT_EQ(str(name), "x");
    EXPECT_EQ(api().config_int(s.self, "count", &count), CHATD_OK);
    EXPECT_EQ(count, 5);
    EXPECT_EQ(api().config_bool(s.self, "on", &on), CHATD_OK);
    EXPECT_EQ(on, 1);
    EXPECT_EQ(api().config_double(s.self, "ratio", &ratio), CHATD_OK);
    EXPECT_EQ(ratio, 0.5);
    EXPECT_EQ(api().config_array_size(s.self, "list", &n), CHATD_OK);
    EXPECT_EQ(n, 2u);
    EXPECT_EQ(api().config_array_string(s.self, "list", 1, &name), CHATD_OK);
    EXPECT_EQ(str(name), "b");
    EXPECT_EQ(api().config_array_string(s.self, "list", 2, &name), CHATD_ERR_NOT_FOUND);
    EXPECT_EQ(api().config_int(s.self, "name", &count), CHATD_ERR_WRONG_TYPE);
    EXPECT_EQ(api().config_int(s.self, "missing", &count), CHATD_ERR_NOT_FOUND);
}

TEST_F(FakeHostTest, BadConfigIsRefusedBeforeInit) {
    const auto refused = [](auto set) {
        FakeHost fresh;
        set(fresh);
        return fresh.load(&entry);
    };
    EXPECT_NE(refused([](FakeHost &h) { h.set_config_int("unknown", 1); }), "");
    EXPECT_NE(refused([](FakeHost &h) { h.set_config_string("count", "3"); }), "");
    EXPECT_NE(refused([](FakeHost &h) { h.set_config_int("count", 6); }), "");
    EXPECT_EQ(s.self, nullptr) << "on_init ran";
}

TEST_F(FakeHostTest, AFailedInitIsTheRefusalAndNoOtherHookRuns) {
    s.init_error = "no database";
    EXPECT_EQ(host.load(&entry), "no database");
    host.connect();
    host.shutdown();
    EXPECT_FALSE(s.shut_down);
}

TEST(FakeHostLoad, RefusesANewerMinorNamingBothVersions) {
    static const chatd_plugin_descriptor newer = [] {
        chatd_plugin_descriptor d = descriptor();
        d.abi_minor = CHATD_ABI_MINOR + 1;
        return d;
    }();
    FakeHost host;
    const std::string refused = host.load([](uint16_t, uint16_t) { return &newer; });
    EXPECT_NE(refused.find("plugin is newer"), std::string::npos) << refused;
    EXPECT_NE(refused.find(std::to_string(CHATD_ABI_MINOR + 1)), std::string::npos) << refused;
}

TEST(FakeHostLoad, ANullDescriptorDeclines) {
    FakeHost host;
    EXPECT_NE(
        host.load([](uint16_t, uint16_t) -> const chatd_plugin_descriptor * { return nullptr; }),
        "");
}

} // namespace
} // namespace chatd::fake
