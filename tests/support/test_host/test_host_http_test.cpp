// Plugins' HTTP routes in the test host: the real router and HttpRoutes, so
// the ownership, timeout and shutdown rules a plugin meets are chatd's.
#include "scripted_plugin.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace chatd::test {
namespace {

using nlohmann::json;

const char *const kCustom[] = {"x-custom", nullptr};

class TestHostHttpTest : public ::testing::Test {
protected:
    TestHostHttpTest() { script = &s; }
    void TearDown() override {
        host.shutdown();
        script = nullptr;
    }
    // Loads the scripted plugin with one route, GET /things/{id}, plus `more`.
    void load(std::vector<chatd_http_route> more = {}) {
        s.on_init = [this, more] {
            routes.push_back(scripted_route("GET", "/things/{id}", kCustom));
            for (const auto &r : more)
                routes.push_back(r);
            for (const auto &r : routes)
                statuses.push_back(api().http_route(s.self, &r));
        };
        ASSERT_EQ(host.load(&scripted_entry), "");
    }
    const chatd_host_api &api() const { return *s.api; }
    chatd_status respond(chatd_http_id id, uint16_t status, std::string_view body) {
        const chatd_http_header h{sv("content-type"), sv("text/plain")};
        return api().http_respond(s.self, id, status, &h, 1, sv(body));
    }
    std::string param(const chatd_request *r, const char *name) {
        chatd_str_view v{};
        return api().request_param(r, name, &v) == CHATD_OK ? std::string(str(v)) : "<none>";
    }

    Script s;
    TestHost host;
    std::vector<chatd_http_route> routes;
    std::vector<chatd_status> statuses;
};

TEST_F(TestHostHttpTest, TheHandlerReadsTheDecodedRequestAndAnswers) {
    load();
    json seen;
    s.on_request = [&](chatd_request *r) {
        chatd_request_view v{};
        v.struct_size = sizeof v;
        ASSERT_EQ(api().request_view(r, &v), CHATD_OK);
        chatd_str_view q{}, h{}, c{};
        EXPECT_EQ(api().request_query(r, "q", &q), CHATD_OK);
        EXPECT_EQ(api().request_header(r, "X-Custom", &h), CHATD_OK);
        EXPECT_EQ(api().request_cookie(r, "k", &c), CHATD_OK);
        EXPECT_EQ(api().request_query(r, "missing", &q), CHATD_ERR_NOT_FOUND);
        seen = {{"method", str(v.method)}, {"path", str(v.path)},    {"query", str(v.query)},
                {"id", param(r, "id")},    {"other", param(r, "x")}, {"header", str(h)},
                {"cookie", str(c)},        {"body", str(v.body)}};
        EXPECT_EQ(respond(v.id, 200, "ok"), CHATD_OK);
        EXPECT_EQ(respond(v.id, 200, "twice"), CHATD_ERR_NOT_FOUND);
    };
    const uint64_t id = host.http_request("GET", "/things/a%20b?q=1%2B1&q=2", "payload",
                                          {{"X-Custom", "yes"}, {"Cookie", "k=v"}});
    EXPECT_EQ(seen, json({{"method", "GET"},
                          {"path", "/things/a b"},
                          {"query", "q=1+1&q=2"},
                          {"id", "a b"},
                          {"other", "<none>"},
                          {"header", "yes"},
                          {"cookie", "v"},
                          {"body", "payload"}}));
    HttpAnswer a = host.http_answer(id);
    EXPECT_EQ(a.status, 200u);
    EXPECT_EQ(a.body, "ok");
    EXPECT_TRUE(a.complete);
}

TEST_F(TestHostHttpTest, UnknownPathsAndMethodsAreAnsweredWithoutThePlugin) {
    load();
    bool called = false;
    s.on_request = [&](chatd_request *) { called = true; };
    HttpAnswer missing = host.http_answer(host.http_request("GET", "/nothing"));
    EXPECT_EQ(missing.status, 404u);
    EXPECT_EQ(json::parse(missing.body)["code"], "not_found");
    HttpAnswer wrong = host.http_answer(host.http_request("POST", "/things/1"));
    EXPECT_EQ(wrong.status, 405u);
    EXPECT_FALSE(called);
}

TEST_F(TestHostHttpTest, RoutesAreCheckedAndOnlyTakenDuringInit) {
    load({scripted_route("GET", "/things/{other}"), scripted_route("BREW", "/pot"),
          scripted_route("GET", "no-slash"), scripted_route("GET", "/ok")});
    EXPECT_EQ(statuses, (std::vector<chatd_status>{CHATD_OK, CHATD_ERR_INVALID, CHATD_ERR_INVALID,
                                                   CHATD_ERR_INVALID, CHATD_OK}));
    chatd_status late = CHATD_OK;
    host.on_pipeline([&] { late = api().http_route(s.self, &routes.back()); });
    EXPECT_EQ(late, CHATD_ERR_STATE);
}

TEST_F(TestHostHttpTest, AnAnswerMayComeFromAnotherThread) {
    load();
    std::thread worker;
    s.on_request = [&](chatd_request *r) {
        chatd_request_view v{};
        v.struct_size = sizeof v;
        api().request_view(r, &v);
        worker = std::thread([this, id = v.id] { EXPECT_EQ(respond(id, 201, "later"), CHATD_OK); });
    };
    const uint64_t id = host.http_request("GET", "/things/1");
    worker.join();
    EXPECT_EQ(host.http_answer(id).status, 201u);
}

TEST_F(TestHostHttpTest, AHandlerThatBeginsNoAnswerIsAnswered504AndToldItIsGone) {
    load();
    std::vector<chatd_http_id> gone;
    s.on_gone = [&](chatd_http_id id) { gone.push_back(id); };
    const uint64_t id = host.http_request("GET", "/things/1");
    host.advance(29000);
    EXPECT_EQ(host.http_answer(id).status, 0u);
    host.advance(2000);
    EXPECT_EQ(host.http_answer(id).status, 504u);
    EXPECT_EQ(gone, std::vector<chatd_http_id>{id});
    chatd_status late = CHATD_OK;
    host.on_pipeline([&] { late = respond(id, 200, "too late"); });
    EXPECT_EQ(late, CHATD_ERR_NOT_FOUND);
}

TEST_F(TestHostHttpTest, AStreamIsWrittenUntilEndedOrTheClientLeaves) {
    load();
    std::vector<chatd_http_id> ids;
    std::vector<chatd_http_id> gone;
    s.on_request = [&](chatd_request *r) {
        chatd_request_view v{};
        v.struct_size = sizeof v;
        api().request_view(r, &v);
        EXPECT_EQ(api().http_stream_write(s.self, v.id, sv("early")), CHATD_ERR_NOT_FOUND);
        EXPECT_EQ(api().http_stream_begin(s.self, v.id, 200, nullptr, 0), CHATD_OK);
        EXPECT_EQ(api().http_stream_write(s.self, v.id, sv("a")), CHATD_OK);
        ids.push_back(v.id);
    };
    s.on_gone = [&](chatd_http_id id) { gone.push_back(id); };
    const uint64_t ended = host.http_request("GET", "/things/1");
    const uint64_t left = host.http_request("GET", "/things/2");
    host.on_pipeline([&] {
        EXPECT_EQ(api().http_stream_write(s.self, ended, sv("b")), CHATD_OK);
        EXPECT_EQ(api().http_stream_end(s.self, ended), CHATD_OK);
        EXPECT_EQ(api().http_stream_write(s.self, ended, sv("c")), CHATD_ERR_NOT_FOUND);
    });
    HttpAnswer a = host.http_answer(ended);
    EXPECT_EQ(a.body, "ab");
    EXPECT_TRUE(a.streaming && a.complete);

    host.http_client_left(left);
    EXPECT_EQ(gone, std::vector<chatd_http_id>{left});
    host.on_pipeline(
        [&] { EXPECT_EQ(api().http_stream_write(s.self, left, sv("x")), CHATD_ERR_NOT_FOUND); });
    EXPECT_EQ(host.http_answer(left).body, "a");
}

TEST_F(TestHostHttpTest, AtShutdownOpenRequestsAre503AndStreamsEnd) {
    load({scripted_route("GET", "/stream")});
    s.on_request = [&](chatd_request *r) {
        chatd_request_view v{};
        v.struct_size = sizeof v;
        api().request_view(r, &v);
        if (str(v.path) == "/stream") api().http_stream_begin(s.self, v.id, 200, nullptr, 0);
    };
    const uint64_t waiting = host.http_request("GET", "/things/1");
    const uint64_t streaming = host.http_request("GET", "/stream");
    host.shutdown();
    EXPECT_EQ(host.http_answer(waiting).status, 503u);
    EXPECT_TRUE(host.http_answer(streaming).complete);
}

TEST_F(TestHostHttpTest, ARefusedPluginsRoutesAreNotServed) {
    s.on_init = [this] {
        routes.push_back(scripted_route("GET", "/things/{id}"));
        api().http_route(s.self, &routes.back());
    };
    s.init_error = "no";
    EXPECT_NE(host.load(&scripted_entry), "");
    EXPECT_EQ(host.http_answer(host.http_request("GET", "/things/1")).status, 404u);
}

} // namespace
} // namespace chatd::test
