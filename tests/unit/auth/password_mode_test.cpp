// Password mode: a connection is nobody, in no room, until an `auth` frame
// names an account and its password; a worker thread checks the argon2id
// hash, and failures are throttled per user name and per address.
#include "auth_fixture.hpp"

namespace chatd::auth::testing {
namespace {

class PasswordModeTest : public AuthTest {
protected:
    void SetUp() override {
        password_mode();
        add_account("alice", "correct horse", {"moderator"});
    }
    // Logs in and returns every frame that answered it.
    Frames login(chatd_conn_id conn, const std::string &user, const std::string &password,
                 size_t frames = 1) {
        Frames answer = host.run_frame(
            conn,
            json({{"type", "auth"}, {"user", user}, {"password", password}, {"id", 9}}).dump());
        if (answer.size() >= frames) return answer;
        Frames later = take_at_least(conn, frames - answer.size());
        answer.insert(answer.end(), later.begin(), later.end());
        return answer;
    }
};

TEST_F(PasswordModeTest, AnUnauthenticatedConnectionIsInNoRoomAndMayOnlyAuthenticate) {
    load();
    const chatd_conn_id watcher = host.connect();
    host.take(watcher);
    login(watcher, "alice", "correct horse", 2); // auth_ok, joined

    const chatd_conn_id conn = host.connect();
    const Frames hello = host.take(conn);
    ASSERT_EQ(hello.size(), 1u) << json(hello).dump();
    EXPECT_EQ(hello[0]["ready"], false);
    EXPECT_FALSE(hello[0].contains("user"));
    for (const char *frame :
         {R"({"type":"message","text":"hi","id":1})", R"({"type":"join","room":"x","id":1})",
          R"({"type":"rooms","id":1})", R"({"type":"nonsense","id":1})"}) {
        const Frames answer = host.run_frame(conn, frame);
        ASSERT_EQ(answer.size(), 1u) << frame;
        EXPECT_EQ(without_message(answer[0]),
                  json({{"type", "error"}, {"id", 1}, {"code", "not_authenticated"}}))
            << frame;
    }
    EXPECT_EQ(host.take(watcher), Frames{}) << "nobody sees a connection that is not in";
}

TEST_F(PasswordModeTest, TheRightPasswordAnswersAuthOkWithTheRolesBeforeTheRoomGreets) {
    load();
    const chatd_conn_id conn = host.connect();
    host.take(conn);
    const Frames frames = login(conn, "ALICE", "correct horse", 2);
    ASSERT_EQ(frames.size(), 2u) << json(frames).dump();
    EXPECT_EQ(frames[0], json({{"type", "auth_ok"},
                               {"id", 9},
                               {"user", "alice"},
                               {"roles", json::array({"user", "moderator"})}}));
    EXPECT_EQ(frames[1]["type"], "joined");
    EXPECT_EQ(frames[1]["members"], json::array({"alice"}));
    EXPECT_TRUE(has_role(conn, "moderator"));
    EXPECT_FALSE(has_role(conn, "admin"));

    const Frames again = login(conn, "alice", "correct horse");
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(without_message(again[0]),
              json({{"type", "error"}, {"id", 9}, {"code", "bad_request"}}));
}

TEST_F(PasswordModeTest, AWrongPasswordAndAnUnknownNameGetTheSameAnswer) {
    load();
    const chatd_conn_id conn = host.connect();
    host.take(conn);
    const Frames wrong = login(conn, "alice", "wrong horse");
    const Frames unknown = login(conn, "mallory", "correct horse");
    ASSERT_EQ(wrong.size(), 1u);
    ASSERT_EQ(unknown.size(), 1u);
    EXPECT_EQ(wrong[0], unknown[0]);
    EXPECT_EQ(without_message(wrong[0]),
              json({{"type", "error"}, {"id", 9}, {"code", "not_authenticated"}}));
    EXPECT_FALSE(logged("wrong horse"));
    EXPECT_FALSE(logged("correct horse"));
}

TEST_F(PasswordModeTest, ANameNoAccountCanHaveIsRefusedWithoutBeingKept) {
    load();
    const chatd_conn_id conn = host.connect();
    host.take(conn);
    const Frames answer = login(conn, std::string(40000, 'x'), "correct horse");
    ASSERT_EQ(answer.size(), 1u);
    EXPECT_EQ(answer[0], login(conn, "mallory", "correct horse")[0]);
    EXPECT_FALSE(logged(std::string(100, 'x')));
}

TEST_F(PasswordModeTest, FailuresAreThrottledPerUserAndPerAddress) {
    host.set_config_int("max_failures", 2);
    load();
    const chatd_conn_id conn = host.connect("10.0.0.1");
    host.take(conn);
    login(conn, "alice", "guess 1");
    login(conn, "alice", "guess 2");
    // Now even the right password waits: the guesser cannot tell.
    const Frames throttled = login(conn, "alice", "correct horse");
    ASSERT_EQ(throttled.size(), 1u);
    EXPECT_EQ(throttled[0]["code"], "rate_limited");
    EXPECT_GT(throttled[0]["retry_after_ms"].get<int64_t>(), 0);

    // The same name from elsewhere waits too; so does the address with other names.
    const chatd_conn_id elsewhere = host.connect("10.0.0.2");
    host.take(elsewhere);
    EXPECT_EQ(login(elsewhere, "alice", "correct horse")[0]["code"], "rate_limited");
    EXPECT_EQ(login(conn, "bob", "x")[0]["code"], "rate_limited");
}

TEST_F(PasswordModeTest, AConnectionThatDoesNotAuthenticateInTimeIsClosedWith1008) {
    host.set_config_int("auth_timeout_s", 5);
    load();
    const chatd_conn_id slow = host.connect();
    const chatd_conn_id quick = host.connect();
    host.take(quick);
    login(quick, "alice", "correct horse", 2);
    host.advance(4'999);
    EXPECT_FALSE(host.close_request(slow));
    host.advance(1);
    ASSERT_TRUE(host.close_request(slow));
    EXPECT_EQ(host.close_request(slow)->code, 1008);
    EXPECT_FALSE(host.close_request(quick));
}

TEST_F(PasswordModeTest, AnAuthFrameNeedsAUserAndAPassword) {
    load();
    const chatd_conn_id conn = host.connect();
    host.take(conn);
    for (const char *frame :
         {R"({"type":"auth","user":"alice","id":1})", R"({"type":"auth","password":"x","id":1})",
          R"({"type":"auth","token":"x","id":1})"}) {
        const Frames answer = host.run_frame(conn, frame);
        ASSERT_EQ(answer.size(), 1u) << frame;
        EXPECT_EQ(answer[0]["code"], "bad_request") << frame;
    }
}

TEST_F(PasswordModeTest, AnUpgradeWithATokenIsRefusedSinceThisModeTakesPasswords) {
    load();
    const auto refused = host.upgrade("/chat?access_token=abc");
    ASSERT_TRUE(std::holds_alternative<chatd::test::HttpRefusal>(refused));
    EXPECT_EQ(std::get<chatd::test::HttpRefusal>(refused).status, 401u);
}

} // namespace
} // namespace chatd::auth::testing
