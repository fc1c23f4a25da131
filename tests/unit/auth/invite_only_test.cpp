// Invite-only rooms through the auth plugin in the test host: who may
// invite, joins refused until invited, uninvite, and invitations kept in the
// database from one start to the next.
#include "roles_fixture.hpp"

#include <filesystem>

namespace chatd::auth::testing {
namespace {

class InviteOnlyTest : public RolesTest {
protected:
    // jwt mode with `staff` invite-only, invitations in the test's database.
    void configure(TestHost &on) {
        on.set_config_string("mode", "jwt");
        on.set_config_string("jwt_secret", std::string(kSecret));
        on.set_config_string("database", database().string());
        on.set_config_strings("room_permissions", {"staff invite=moderator,admin"});
    }
    static json invite(const std::string &user, int id, const std::string &type = "invite") {
        return {{"type", type}, {"room", "staff"}, {"user", user}, {"id", id}};
    }
    static json join_staff(int id) { return {{"type", "join"}, {"room", "staff"}, {"id", id}}; }
};

TEST_F(InviteOnlyTest, OnlyTheRoomsInviteRolesMayInviteAndOnlyValidNames) {
    configure(host);
    load();
    const chatd_conn_id ann = as("ann", {});
    const chatd_conn_id max = as("max", {"moderator"});

    const json refused = answer(ann, invite("bob", 1));
    EXPECT_EQ(refused["code"], "forbidden");
    EXPECT_EQ(refused["message"], "only moderator, admin may invite to room staff");
    EXPECT_EQ(error_code(max, {{"type", "invite"}, {"room", "lobby"}, {"user", "bob"}, {"id", 2}}),
              "bad_request")
        << "lobby is not invite-only";
    EXPECT_EQ(error_code(max, invite("guest-3", 3)), "bad_request") << "a guest's name is no user";
    EXPECT_EQ(error_code(max, invite("b o b", 4)), "bad_request");
    EXPECT_EQ(error_code(max, {{"type", "invite"}, {"room", "staff"}, {"id", 5}}), "bad_request");
}

TEST_F(InviteOnlyTest, AJoinIsRefusedUntilTheUserIsInvitedAndAgainOnceUninvited) {
    configure(host);
    load();
    const chatd_conn_id bob = as("bob", {});
    const chatd_conn_id max = as("max", {"moderator"});

    const json refused = answer(bob, join_staff(1));
    EXPECT_EQ(refused["code"], "forbidden");
    EXPECT_EQ(refused["message"], "room staff is invite-only");
    // Its history is no more bob's to read, whoever asks (history, over WebSocket or HTTP).
    EXPECT_EQ(denial(bob, CHATD_ACTION_READ, "staff"), "room staff is invite-only");
    EXPECT_EQ(error_code(max, join_staff(3)), "") << "who may invite may join";

    EXPECT_EQ(
        answer(max, invite("Bob", 4)),
        json({{"type", "invited"}, {"room", "staff"}, {"user", "Bob"}, {"by", "max"}, {"id", 4}}));
    EXPECT_EQ(answer(bob, join_staff(5))["type"], "joined") << "names compare without case";

    EXPECT_EQ(
        answer(max, invite("bob", 6, "uninvite")),
        json(
            {{"type", "uninvited"}, {"room", "staff"}, {"user", "bob"}, {"by", "max"}, {"id", 6}}));
    const chatd_conn_id bob_again = as("bob", {});
    EXPECT_EQ(error_code(bob_again, join_staff(7)), "forbidden");
}

TEST_F(InviteOnlyTest, AnInvitersNameThatIsNotUtf8StillGetsItsAnswer) {
    configure(host);
    load();
    const chatd_conn_id max = as("max", {"moderator"});
    // The host takes any bytes but control characters in a name another
    // plugin sets, so the answer that carries it must not throw on them.
    host.set_user(max, "m\xffx");

    const json invited = answer(max, invite("bob", 1));
    EXPECT_EQ(invited["type"], "invited");
    EXPECT_EQ(invited["by"], "m\uFFFDx") << "the bad byte replaced";
}

TEST_F(InviteOnlyTest, InvitationsAreKeptFromOneStartToTheNext) {
    configure(host);
    load();
    const chatd_conn_id max = as("max", {"moderator"});
    EXPECT_EQ(answer(max, invite("bob", 1))["type"], "invited");
    host.shutdown();

    TestHost restarted;
    configure(restarted);
    ASSERT_EQ(restarted.load(CHATD_AUTH_PLUGIN), "");
    ASSERT_EQ(restarted.load(CHATD_ROOMS_PLUGIN), "");
    const chatd_conn_id bob = as_on(restarted, "bob", {});
    EXPECT_EQ(answer_on(restarted, bob, join_staff(2))["type"], "joined");
}

TEST_F(InviteOnlyTest, TheDatabaseIsOpenedOnlyWhenARoomIsInviteOnly) {
    host.set_config_string("database", database().string());
    host.set_config_strings("room_permissions", {"staff post=admin"});
    load();
    EXPECT_FALSE(std::filesystem::exists(database())) << "open mode, no invite-only room";

    TestHost open_with_invitations;
    open_with_invitations.set_config_string("database", database().string());
    open_with_invitations.set_config_strings("room_permissions", {"staff invite=admin"});
    ASSERT_EQ(open_with_invitations.load(CHATD_AUTH_PLUGIN), "");
    EXPECT_TRUE(std::filesystem::exists(database()));
}

TEST_F(InviteOnlyTest, InviteWithoutAnInviteOnlyRoomIsABadRequest) {
    load();
    const chatd_conn_id guest = host.connect();
    host.take(guest);
    EXPECT_EQ(error_code(guest, invite("bob", 1)), "bad_request");
}

} // namespace
} // namespace chatd::auth::testing
