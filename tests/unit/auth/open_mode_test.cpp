// Open mode, the default: everyone is a guest at once, and `auth` picks a
// nickname no other connection has.
#include "auth_fixture.hpp"

namespace chatd::auth::testing {
namespace {

using OpenModeTest = AuthTest;

TEST_F(OpenModeTest, AConnectionIsAReadyGuestAtOnce) {
    load();
    const chatd_conn_id conn = host.connect();
    const Frames frames = host.take(conn);
    ASSERT_EQ(frames.size(), 2u) << json(frames).dump();
    EXPECT_EQ(frames[0]["type"], "hello");
    EXPECT_EQ(frames[0]["ready"], true);
    EXPECT_EQ(frames[0]["user"], "guest-1");
    EXPECT_EQ(frames[1]["type"], "joined");
    EXPECT_TRUE(has_role(conn, "guest"));
}

TEST_F(OpenModeTest, AuthPicksAFreeNicknameAndTheRoomsHearOfIt) {
    load();
    const chatd_conn_id ann = host.connect();
    const chatd_conn_id bob = host.connect();
    host.clear_outboxes();

    EXPECT_EQ(
        host.run_frame(ann, R"({"type":"auth","user":"Ann","id":1})"),
        Frames{json(
            {{"type", "auth_ok"}, {"id", 1}, {"user", "Ann"}, {"roles", json::array({"guest"})}})});
    EXPECT_EQ(host.take(bob), Frames{json({{"type", "presence"},
                                           {"room", "lobby"},
                                           {"user", "Ann"},
                                           {"event", "rename"},
                                           {"was", "guest-1"}})});
    // Messages now come from the new name.
    host.run_frame(ann, "hi");
    const Frames seen = host.take(bob);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0]["from"], "Ann");

    const Frames taken = host.run_frame(bob, R"({"type":"auth","user":"ann","id":2})");
    ASSERT_EQ(taken.size(), 1u);
    EXPECT_EQ(without_message(taken[0]),
              json({{"type", "error"}, {"id", 2}, {"code", "name_taken"}}));

    // Its owner gone, the name is free again.
    host.disconnect(ann);
    host.take(bob);
    const Frames mine = host.run_frame(bob, R"({"type":"auth","user":"ann","id":3})");
    ASSERT_EQ(mine.size(), 1u);
    EXPECT_EQ(mine[0]["type"], "auth_ok");
}

TEST_F(OpenModeTest, ANicknameMustBeAUserNameAndNoGuestName) {
    load();
    const chatd_conn_id conn = host.connect();
    host.take(conn);
    for (const char *frame :
         {R"({"type":"auth","user":"guest-2","id":1})", R"({"type":"auth","user":"a b","id":1})",
          R"({"type":"auth","user":"","id":1})", R"({"type":"auth","user":7,"id":1})",
          R"({"type":"auth","id":1})"}) {
        const Frames answer = host.run_frame(conn, frame);
        ASSERT_EQ(answer.size(), 1u) << frame;
        EXPECT_EQ(without_message(answer[0]),
                  json({{"type", "error"}, {"id", 1}, {"code", "bad_request"}}))
            << frame;
    }
}

TEST_F(OpenModeTest, NoConnectionIsEverClosedForNotAuthenticating) {
    load();
    const chatd_conn_id conn = host.connect();
    host.advance(3'600'000);
    EXPECT_FALSE(host.close_request(conn));
}

} // namespace
} // namespace chatd::auth::testing
