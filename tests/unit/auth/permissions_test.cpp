// Who may join, post, read history and set the topic in which room: the
// auth plugin's authorize stage, against the roles of the connection.
#include "roles_fixture.hpp"

namespace chatd::auth::testing {
namespace {

using PermissionsTest = RolesTest;

TEST_F(PermissionsTest, WithNoPolicyEveryoneMayDoEverything) {
    load();
    const chatd_conn_id guest = host.connect();
    host.take(guest);
    EXPECT_EQ(error_code(guest, {{"type", "join"}, {"room", "dev"}, {"id", 1}}), "");
    EXPECT_EQ(error_code(guest, {{"type", "message"}, {"room", "dev"}, {"text", "hi"}, {"id", 2}}),
              "");
    EXPECT_EQ(error_code(guest, {{"type", "topic"}, {"room", "dev"}, {"topic", "t"}, {"id", 3}}),
              "");
}

TEST_F(PermissionsTest, GuestsMayBeKeptFromPostingWhileTheyStillRead) {
    host.set_config_strings("may_post", {"user"});
    load();
    const chatd_conn_id guest = host.connect();
    host.take(guest);
    EXPECT_EQ(error_code(guest, {{"type", "message"}, {"text", "hi"}, {"id", 1}}), "forbidden");
    const Frames plain = host.run_frame(guest, "plain text too");
    ASSERT_EQ(plain.size(), 1u);
    const json refused = plain[0];
    EXPECT_EQ(refused["code"], "forbidden");
    EXPECT_EQ(refused["message"], "only user may post in room lobby");
    EXPECT_EQ(error_code(guest, {{"type", "join"}, {"room", "dev"}, {"id", 2}}), "");
    EXPECT_EQ(error_code(guest, {{"type", "topic"}, {"room", "dev"}, {"id", 3}}), "")
        << "reading a topic is no change";
}

TEST_F(PermissionsTest, ARoomsOwnRulesGateItsTopicPostsJoinsAndHistory) {
    jwt_mode();
    host.set_config_strings("room_permissions", {"announcements post=admin topic=admin,moderator",
                                                 "staff join=moderator read=admin"});
    load();
    const chatd_conn_id user = as("ann", {});
    const chatd_conn_id mod = as("max", {"moderator"});
    const chatd_conn_id admin = as("ada", {"admin"});

    const json join_announcements = {{"type", "join"}, {"room", "announcements"}, {"id", 1}};
    for (chatd_conn_id conn : {user, mod, admin})
        EXPECT_EQ(error_code(conn, join_announcements), "");
    const json post = {{"type", "message"}, {"room", "announcements"}, {"text", "x"}, {"id", 2}};
    EXPECT_EQ(error_code(user, post), "forbidden");
    EXPECT_EQ(error_code(mod, post), "forbidden");
    EXPECT_EQ(error_code(admin, post), "");
    const json topic = {{"type", "topic"}, {"room", "announcements"}, {"topic", "t"}, {"id", 3}};
    EXPECT_EQ(error_code(user, topic), "forbidden");
    EXPECT_EQ(error_code(mod, topic), "");

    const json join_staff = {{"type", "join"}, {"room", "staff"}, {"id", 4}};
    EXPECT_EQ(error_code(user, join_staff), "forbidden");
    EXPECT_EQ(error_code(mod, join_staff), "");
    const json history = {{"type", "history"}, {"room", "staff"}, {"latest", true}, {"id", 5}};
    EXPECT_EQ(error_code(mod, history), "forbidden");
    EXPECT_NE(error_code(admin, history), "forbidden");
    // Coming back with `since` reads the history too.
    const json rejoin = {{"type", "join"}, {"room", "staff"}, {"since", 3}, {"id", 6}};
    EXPECT_EQ(error_code(mod, rejoin), "forbidden");
}

TEST_F(PermissionsTest, APolicyNamingAnUnknownRoleRefusesThePlugin) {
    host.set_config_strings("may_join", {"wizard"});
    EXPECT_NE(host.load(CHATD_AUTH_PLUGIN).find("may_join: 'wizard' is not a role"),
              std::string::npos);
    TestHost other;
    other.set_config_strings("room_permissions", {"lobby post=wizard"});
    EXPECT_NE(other.load(CHATD_AUTH_PLUGIN).find("room_permissions entry"), std::string::npos);
}

} // namespace
} // namespace chatd::auth::testing
