// Who sends an HTTP request (on_http_request) and may a connection or a
// request act (check_access, on_access), through the real host API.
#include "scripted_plugin.hpp"

#include <gtest/gtest.h>

namespace chatd::test {
namespace {

using nlohmann::json;

class TestHostAccessTest : public ::testing::Test {
protected:
    TestHostAccessTest() { script = &s; }
    void TearDown() override {
        host.shutdown();
        script = nullptr;
    }
    void load() {
        s.on_init = [this] {
            route = scripted_route("GET", "/rooms/{room}");
            ASSERT_EQ(api().http_route(s.self, &route), CHATD_OK);
        };
        ASSERT_EQ(host.load(&scripted_entry), "");
    }
    const chatd_host_api &api() const { return *s.api; }
    chatd_status respond(chatd_http_id id, uint16_t status, std::string_view body) {
        return api().http_respond(s.self, id, status, nullptr, 0, sv(body));
    }
    // Asks on the pipeline thread; "allowed" or the denial's reason.
    std::string ask(chatd_access_question q) {
        int32_t allowed = -1;
        char reason[128] = "untouched";
        last_status = api().check_access(s.self, &q, &allowed, reason, sizeof reason);
        if (last_status != CHATD_OK) return "status " + std::to_string(last_status);
        return allowed ? "allowed" : reason;
    }
    static chatd_access_question question(chatd_conn_id conn, const chatd_request *request,
                                          std::string_view action, std::string_view room) {
        chatd_access_question q{};
        q.struct_size = sizeof q;
        q.conn = conn;
        q.request = request;
        q.action = sv(action);
        q.room = sv(room);
        return q;
    }

    Script s;
    TestHost host;
    chatd_http_route route{};
    chatd_status last_status = CHATD_OK;
};

TEST_F(TestHostAccessTest, TheRouteSeesWhoOnHttpRequestSaidSentIt) {
    load();
    s.on_http_request = [&](chatd_request *r) {
        chatd_str_view token{};
        if (api().request_header(r, "authorization", &token) != CHATD_OK)
            return CHATD_HANDSHAKE_ACCEPT; // anonymous
        EXPECT_EQ(api().request_set_user(r, sv("alice")), CHATD_OK);
        EXPECT_EQ(api().request_add_role(r, sv("moderator")), CHATD_OK);
        EXPECT_EQ(api().request_add_role(r, sv("")), CHATD_ERR_INVALID);
        return CHATD_HANDSHAKE_ACCEPT;
    };
    json seen;
    s.on_request = [&](chatd_request *r) {
        chatd_str_view user{};
        int32_t moderator = -1;
        const chatd_status status = api().request_user(r, &user);
        EXPECT_EQ(api().request_has_role(r, sv("moderator"), &moderator), CHATD_OK);
        // Only on_http_request may say who it is.
        EXPECT_EQ(api().request_set_user(r, sv("mallory")), CHATD_ERR_INVALID);
        EXPECT_EQ(api().request_add_role(r, sv("admin")), CHATD_ERR_INVALID);
        seen = {{"user", status == CHATD_OK ? std::string(str(user)) : "<anonymous>"},
                {"moderator", moderator}};
        chatd_request_view v{};
        v.struct_size = sizeof v;
        api().request_view(r, &v);
        respond(v.id, 200, "ok");
    };
    host.http_request("GET", "/rooms/dev", {}, {{"Authorization", "Bearer t"}});
    EXPECT_EQ(seen, json({{"user", "alice"}, {"moderator", 1}}));
    host.http_request("GET", "/rooms/dev");
    EXPECT_EQ(seen, json({{"user", "<anonymous>"}, {"moderator", 0}}));
}

TEST_F(TestHostAccessTest, ARefusalIsAnsweredAsAJsonErrorAndTheRouteNeverRuns) {
    load();
    bool ran = false;
    s.on_request = [&](chatd_request *) { ran = true; };
    s.on_http_request = [&](chatd_request *r) {
        EXPECT_EQ(api().request_refuse(r, 200, sv("x"), sv("not an error status")),
                  CHATD_ERR_INVALID);
        EXPECT_EQ(api().request_refuse(r, 401, sv("not_authenticated"), sv("bad token")), CHATD_OK);
        return CHATD_HANDSHAKE_REFUSE;
    };
    HttpAnswer a = host.http_answer(host.http_request("GET", "/rooms/dev"));
    EXPECT_FALSE(ran);
    EXPECT_EQ(a.status, 401u);
    EXPECT_EQ(json::parse(a.body),
              json({{"type", "error"}, {"code", "not_authenticated"}, {"message", "bad token"}}));
    const auto challenge =
        std::find(a.headers.begin(), a.headers.end(),
                  std::pair<std::string, std::string>{"www-authenticate", "Bearer"});
    EXPECT_NE(challenge, a.headers.end()) << "a 401 names the scheme it takes";

    // A hook that pauses, which routes do not support, refuses with 500.
    s.on_http_request = [](chatd_request *) { return CHATD_HANDSHAKE_PAUSE; };
    a = host.http_answer(host.http_request("GET", "/rooms/dev"));
    EXPECT_FALSE(ran);
    EXPECT_EQ(a.status, 500u);
}

TEST_F(TestHostAccessTest, OnAccessHearsTheQuestionWithTheUserTheHostKnows) {
    load();
    const chatd_conn_id conn = host.connect();
    chatd_access_question heard{};
    std::string heard_user, heard_action, heard_room;
    s.on_access = [&](const chatd_access_question &q) -> std::optional<std::string> {
        heard = q;
        heard_user = str(q.user);
        heard_action = str(q.action);
        heard_room = str(q.room);
        if (heard_room == "secret") return "room secret is closed";
        return std::nullopt;
    };
    std::vector<std::string> answers;
    s.on_frame = [&](chatd_frame *) {
        chatd_access_question q = question(conn, nullptr, CHATD_ACTION_READ, "dev");
        // A plugin cannot ask in someone else's name.
        q.user = sv("admin");
        answers.push_back(ask(q));
        answers.push_back(ask(question(conn, nullptr, CHATD_ACTION_JOIN, "secret")));
        return CHATD_STAGE_HANDLED;
    };
    host.run_frame(conn, R"({"type":"x"})");
    EXPECT_EQ(answers, (std::vector<std::string>{"allowed", "room secret is closed"}));
    EXPECT_EQ(heard.conn, conn);
    EXPECT_EQ(heard.request, nullptr);
    EXPECT_EQ(heard_user, "guest-1");
    EXPECT_EQ(heard_action, "join");
    EXPECT_EQ(heard_room, "secret");
}

TEST_F(TestHostAccessTest, ARouteAsksForItsRequest) {
    load();
    s.on_http_request = [&](chatd_request *r) {
        api().request_set_user(r, sv("bob"));
        return CHATD_HANDSHAKE_ACCEPT;
    };
    std::string heard_user;
    s.on_access = [&](const chatd_access_question &q) -> std::optional<std::string> {
        heard_user = str(q.user);
        return "only admin may read room " + std::string(str(q.room));
    };
    std::string answer;
    s.on_request = [&](chatd_request *r) {
        answer = ask(question(0, r, CHATD_ACTION_READ, "ops"));
        chatd_request_view v{};
        v.struct_size = sizeof v;
        api().request_view(r, &v);
        respond(v.id, 403, answer);
    };
    host.http_request("GET", "/rooms/ops");
    EXPECT_EQ(heard_user, "bob");
    EXPECT_EQ(answer, "only admin may read room ops");
}

TEST_F(TestHostAccessTest, AMalformedQuestionIsInvalidAndAnUnknownConnectionNotFound) {
    load();
    const chatd_conn_id conn = host.connect();
    bool asked = false;
    s.on_access = [&](const chatd_access_question &) -> std::optional<std::string> {
        asked = true;
        return std::nullopt;
    };
    std::vector<std::string> answers;
    s.on_frame = [&](chatd_frame *) {
        answers.push_back(ask(question(0, nullptr, CHATD_ACTION_READ, "dev")));
        answers.push_back(ask(question(conn, nullptr, "", "dev")));
        answers.push_back(ask(question(conn, nullptr, CHATD_ACTION_READ, "")));
        answers.push_back(ask(question(conn + 100, nullptr, CHATD_ACTION_READ, "dev")));
        return CHATD_STAGE_HANDLED;
    };
    host.run_frame(conn, R"({"type":"x"})");
    const std::string invalid = "status " + std::to_string(CHATD_ERR_INVALID);
    EXPECT_EQ(answers, (std::vector<std::string>{invalid, invalid, invalid,
                                                 "status " + std::to_string(CHATD_ERR_NOT_FOUND)}));
    EXPECT_FALSE(asked);
    // Off the pipeline thread the host refuses to answer.
    EXPECT_EQ(ask(question(conn, nullptr, CHATD_ACTION_READ, "dev")),
              "status " + std::to_string(CHATD_ERR_STATE));
}

TEST_F(TestHostAccessTest, AnOnAccessThatThrowsDenies) {
    load();
    const chatd_conn_id conn = host.connect();
    s.on_access = [](const chatd_access_question &) -> std::optional<std::string> {
        throw std::runtime_error("broken");
    };
    std::string answer;
    s.on_frame = [&](chatd_frame *) {
        answer = ask(question(conn, nullptr, CHATD_ACTION_POST, "dev"));
        return CHATD_STAGE_HANDLED;
    };
    host.run_frame(conn, R"({"type":"x"})");
    EXPECT_EQ(answer, "internal error");
}

} // namespace
} // namespace chatd::test
