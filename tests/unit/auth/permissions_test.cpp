// Who may join, post, read history and set the topic in which room: the
// auth plugin's authorize stage and its answers to the host's access
// questions, against the roles of the connection.
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

TEST_F(PermissionsTest, TheDefaultRoomIsJoinedOnlyByThoseWhoMayJoinIt) {
    jwt_mode();
    host.set_config_strings("room_permissions", {"lobby join=moderator"});
    load();
    // The greeting of a connection let in by a token with `roles`, after hello and auth_ok.
    const auto greeting = [&](const std::string &user, const std::vector<std::string> &roles) {
        const json claims = {{"sub", user},
                             {"exp", static_cast<int64_t>(std::time(nullptr)) + 600},
                             {"roles", roles}};
        const auto upgraded = host.upgrade(
            "/chat?access_token=" + chatd::test::jwt::mint_hs256(std::string(kSecret), claims));
        const Frames frames = host.take(std::get<chatd_conn_id>(upgraded));
        return frames.size() == 3 ? frames[2] : json(frames);
    };
    EXPECT_EQ(greeting("ann", {}), json({{"type", "error"},
                                         {"code", "forbidden"},
                                         {"message", "only moderator may join room lobby"}}));
    const json joined = greeting("max", {"moderator"});
    EXPECT_EQ(joined["type"], "joined");
    EXPECT_EQ(joined["members"], json::array({"max"})) << "ann never entered";
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
    // Reads are asked by the plugin that reads (history), through the host.
    EXPECT_EQ(denial(mod, CHATD_ACTION_READ, "staff"),
              "only admin may read the history of room staff");
    EXPECT_EQ(denial(admin, CHATD_ACTION_READ, "staff"), "");
    EXPECT_EQ(denial(user, CHATD_ACTION_JOIN, "staff"), "only moderator may join room staff");
    EXPECT_EQ(denial(user, "a plugin's own action", "staff"), "") << "not the policy's to judge";
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
