// The host API table against a running pipeline: argument checks, and the
// thread rule (only log, post and resume work off the pipeline thread).
#include "host_api/host_api.hpp"
#include "pipeline_fixture.hpp"

namespace chatd::test {
namespace {

using nlohmann::json;

const chatd_host_api &api() { return *host_api::table(); }

class HostApi : public PipelineTest {
protected:
    void SetUp() override {
        start();
        open(1);
        open(2);
    }
    chatd_plugin *self() { return &caller.record; }
};

TEST_F(HostApi, SendTakesOnlyAJsonObject) {
    std::vector<chatd_status> refused;
    chatd_status sent = CHATD_ERR_STATE, nobody = CHATD_OK;
    on_pipeline([&] {
        for (std::string_view bad : {"[1]", "\"text\"", "42", "not json", "", "{\"a\":1} trailing"})
            refused.push_back(api().send(self(), 1, view(bad)));
        sent = api().send(self(), 1, view(R"({"type":"note"})"));
        nobody = api().send(self(), 99, view(R"({"type":"note"})"));
    });
    EXPECT_EQ(refused, std::vector<chatd_status>(6, CHATD_ERR_INVALID));
    EXPECT_EQ(sent, CHATD_OK);
    EXPECT_EQ(nobody, CHATD_ERR_NOT_FOUND);
    EXPECT_EQ(next(1), json::parse(R"({"type":"note"})"));
    EXPECT_TRUE(unread(1).empty());
}

TEST_F(HostApi, PublishTakesAJsonObjectForAValidRoomAndHonoursExclude) {
    subscribe(1, "lobby");
    subscribe(2, "lobby");
    chatd_status not_object = CHATD_OK, bad_room = CHATD_OK, ok = CHATD_ERR_STATE;
    on_pipeline([&] {
        not_object = api().publish(self(), view("lobby"), view("[1]"), 0);
        bad_room = api().publish(self(), view(""), view("{}"), 0);
        ok = api().publish(self(), view("lobby"), view(R"({"type":"news"})"), 1);
    });
    EXPECT_EQ(not_object, CHATD_ERR_INVALID);
    EXPECT_EQ(bad_room, CHATD_ERR_INVALID);
    EXPECT_EQ(ok, CHATD_OK);
    EXPECT_EQ(next(2), json::parse(R"({"type":"news"})"));
    EXPECT_TRUE(unread(1).empty()) << "excluded";
}

TEST_F(HostApi, CloseTakesOnlyCodesAnEndpointMaySend) {
    std::vector<chatd_status> got;
    on_pipeline([&] {
        got.push_back(api().close(self(), 1, 1005, view("reserved")));
        got.push_back(api().close(self(), 99, 1000, view("nobody")));
        got.push_back(api().close(self(), 1, 4000, view("bye")));
    });
    EXPECT_EQ(got, (std::vector<chatd_status>{CHATD_ERR_INVALID, CHATD_ERR_NOT_FOUND, CHATD_OK}));
    auto closes = transport.closes();
    ASSERT_EQ(closes.size(), 1u);
    EXPECT_EQ(closes[0].conn, 1u);
    EXPECT_EQ(closes[0].code, 4000);
    EXPECT_EQ(closes[0].reason, "bye");
}

// The test thread is not the pipeline thread, so each of these must refuse
// without touching pipeline state.
TEST_F(HostApi, RoomFramesAndTimersFromAnotherThreadReturnState) {
    auto each_conn = [](void *, chatd_conn_id) {};
    auto each_room = [](void *, chatd_str_view, size_t) {};
    int32_t yes = 7;
    size_t count = 7;
    EXPECT_EQ(api().check_subscribed(self(), 1, view("lobby"), &yes), CHATD_ERR_STATE);
    EXPECT_EQ(api().check_role(self(), 1, view("admin"), &yes), CHATD_ERR_STATE);
    EXPECT_EQ(api().count_members(self(), view("lobby"), &count), CHATD_ERR_STATE);
    EXPECT_EQ(api().conn_is_ready(self(), 1, &yes), CHATD_ERR_STATE);
    EXPECT_EQ(api().conn_set_ready(self(), 1), CHATD_ERR_STATE);
    EXPECT_EQ(yes, 7);
    EXPECT_EQ(count, 7u);
    EXPECT_EQ(api().room_members(self(), view("lobby"), each_conn, nullptr), CHATD_ERR_STATE);
    EXPECT_EQ(api().rooms(self(), each_room, nullptr), CHATD_ERR_STATE);
    EXPECT_EQ(api().reply(self(), nullptr, view("{}")), CHATD_ERR_STATE);
    EXPECT_EQ(api().timer_cancel(self(), 1), CHATD_ERR_STATE);
    EXPECT_EQ(api().timer_start(
                  self(), 0, 0, [](void *, chatd_timer_id) {}, nullptr),
              0u);
    EXPECT_EQ(api().is_subscribed(self(), 1, view("lobby")), 0);
    EXPECT_EQ(api().room_size(self(), view("lobby")), 0u);
    EXPECT_TRUE(unread(1).empty());
}

TEST_F(HostApi, ConnectionFunctionsFromAnotherThreadReturnState) {
    chatd_str_view out{};
    auto each_role = [](void *, chatd_str_view) {};
    int data = 0;
    EXPECT_EQ(api().subscribe(self(), 1, view("lobby")), CHATD_ERR_STATE);
    EXPECT_EQ(api().unsubscribe(self(), 1, view("lobby")), CHATD_ERR_STATE);
    EXPECT_EQ(api().conn_user(self(), 1, &out), CHATD_ERR_STATE);
    EXPECT_EQ(api().conn_set_user(self(), 1, view("eve")), CHATD_ERR_STATE);
    EXPECT_EQ(api().conn_add_role(self(), 1, view("admin")), CHATD_ERR_STATE);
    EXPECT_EQ(api().conn_remove_role(self(), 1, view("admin")), CHATD_ERR_STATE);
    EXPECT_EQ(api().conn_roles(self(), 1, each_role, nullptr), CHATD_ERR_STATE);
    EXPECT_EQ(api().conn_set_data(self(), 1, &data), CHATD_ERR_STATE);
    EXPECT_EQ(api().conn_remote_address(self(), 1, &out), CHATD_ERR_STATE);
    EXPECT_EQ(api().conn_has_role(self(), 1, view("admin")), 0);
    EXPECT_EQ(api().conn_data(self(), 1), nullptr);

    // Nothing changed.
    std::string user;
    bool subscribed = true;
    on_pipeline([&] {
        user = caller.host.user(1);
        subscribed = caller.host.is_subscribed(1, "lobby");
    });
    EXPECT_EQ(user, "guest-1");
    EXPECT_FALSE(subscribed);
}

// Since ABI 1.1 these three are queued to the pipeline thread from any other.
TEST_F(HostApi, SendPublishAndCloseFromAnotherThreadAreQueued) {
    subscribe(2, "lobby");
    EXPECT_EQ(api().send(self(), 1, view(R"({"type":"note"})")), CHATD_OK);
    EXPECT_EQ(api().publish(self(), view("lobby"), view(R"({"type":"news"})"), 0), CHATD_OK);
    EXPECT_EQ(api().send(self(), 1, view("not json")), CHATD_ERR_INVALID);
    EXPECT_EQ(api().close(self(), 1, 4000, view("bye")), CHATD_OK);
    EXPECT_EQ(api().close(self(), 1, 1005, view("bye")), CHATD_ERR_INVALID);
    EXPECT_EQ(next(1), json::parse(R"({"type":"note"})"));
    EXPECT_EQ(next(2), json::parse(R"({"type":"news"})"));
    settle();
    ASSERT_EQ(transport.closes().size(), 1u);
    EXPECT_EQ(transport.closes()[0].code, 4000);
}

TEST_F(HostApi, SendToAFullQueueIsTheLimitError) {
    transport.fill(2);
    std::vector<chatd_status> got;
    on_pipeline([&] {
        got.push_back(api().send(self(), 1, view(R"({"type":"note"})")));
        got.push_back(api().send(self(), 2, view(R"({"type":"note"})")));
        got.push_back(api().send(self(), 99, view(R"({"type":"note"})")));
    });
    EXPECT_EQ(got, (std::vector<chatd_status>{CHATD_OK, CHATD_ERR_LIMIT, CHATD_ERR_NOT_FOUND}));
}

TEST_F(HostApi, YesNoQuestionsTellNoFromCalledWrongly) {
    subscribe(1, "lobby");
    std::vector<chatd_status> got;
    std::vector<int64_t> answers;
    on_pipeline([&] {
        int32_t yes = -1;
        size_t count = 0;
        got.push_back(api().check_subscribed(self(), 1, view("lobby"), &yes));
        answers.push_back(yes);
        got.push_back(api().check_subscribed(self(), 2, view("lobby"), &yes));
        answers.push_back(yes);
        got.push_back(api().check_subscribed(self(), 99, view("lobby"), &yes));
        got.push_back(api().check_role(self(), 1, view("admin"), &yes));
        answers.push_back(yes);
        got.push_back(api().check_role(self(), 1, view("admin"), nullptr));
        got.push_back(api().count_members(self(), view("lobby"), &count));
        answers.push_back(static_cast<int64_t>(count));
        got.push_back(api().count_members(self(), view("nowhere"), &count));
        answers.push_back(static_cast<int64_t>(count));
        got.push_back(api().conn_is_ready(self(), 1, &yes));
        answers.push_back(yes);
        // Only a plugin that gates readiness may open a gate.
        got.push_back(api().conn_set_ready(self(), 1));
    });
    EXPECT_EQ(got, (std::vector<chatd_status>{CHATD_OK, CHATD_OK, CHATD_ERR_NOT_FOUND, CHATD_OK,
                                              CHATD_ERR_INVALID, CHATD_OK, CHATD_OK, CHATD_OK,
                                              CHATD_ERR_STATE}));
    EXPECT_EQ(answers, (std::vector<int64_t>{1, 0, 0, 1, 0, 1}));
}

} // namespace
} // namespace chatd::test
