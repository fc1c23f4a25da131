// The one decision over the room policy and the invitations: who may join,
// read, post in and set the topic of which room.
#include "room_access.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace chatd::auth {
namespace {

bool known(std::string_view role) {
    return role == "admin" || role == "moderator" || role == "user" || role == "guest";
}

RoleCheck having(std::vector<std::string> roles) {
    return [roles = std::move(roles)](std::string_view role) {
        return std::find(roles.begin(), roles.end(), role) != roles.end();
    };
}

class RoomAccessTest : public ::testing::Test {
protected:
    std::string refusal(std::string_view user, const std::vector<std::string> &roles, Action action,
                        std::string_view room) const {
        return room_refusal(policy, invitations, user, having(roles), action, room);
    }

    const RoomPolicy policy{
        {}, {"staff invite=moderator,admin", "ops join=admin invite=admin"}, known};
    Invitations invitations;
};

TEST_F(RoomAccessTest, AnInviteOnlyRoomKeepsOutWhoIsNeitherInvitedNorMayInvite) {
    EXPECT_EQ(refusal("bob", {"user"}, Action::Join, "staff"), "room staff is invite-only");
    EXPECT_EQ(refusal("bob", {"user"}, Action::Read, "staff"), "room staff is invite-only");
    EXPECT_EQ(refusal("max", {"user", "moderator"}, Action::Join, "staff"), "");
    EXPECT_EQ(refusal("bob", {"user"}, Action::Join, "lobby"), "") << "other rooms stay open";
}

TEST_F(RoomAccessTest, AnInvitationLetsItsUserInWhateverTheCaseOfTheName) {
    invitations.add("staff", "Bob");
    EXPECT_EQ(refusal("bob", {"user"}, Action::Join, "staff"), "");
    EXPECT_EQ(refusal("BOB", {}, Action::Read, "staff"), "");
    EXPECT_EQ(refusal("bob", {"user"}, Action::Join, "Staff"), "") << "Staff is another room";
    EXPECT_EQ(refusal("bobby", {"user"}, Action::Join, "staff"), "room staff is invite-only");
    invitations.remove("staff", "BOB");
    EXPECT_EQ(refusal("bob", {"user"}, Action::Join, "staff"), "room staff is invite-only");
}

TEST_F(RoomAccessTest, TheRoomsRolesStillApplyToWhoIsInvited) {
    invitations.add("ops", "bob");
    EXPECT_EQ(refusal("bob", {"user"}, Action::Join, "ops"), "only admin may join room ops");
    EXPECT_EQ(refusal("ada", {"admin"}, Action::Join, "ops"), "");
}

TEST_F(RoomAccessTest, PostingAndTheTopicAreLeftToMembership) {
    EXPECT_EQ(refusal("bob", {"user"}, Action::Post, "staff"), "");
    EXPECT_EQ(refusal("bob", {"user"}, Action::SetTopic, "staff"), "");
}

TEST(RoomAccessRolesTest, RoleListsReadAsInErrors) {
    EXPECT_EQ(role_list({"moderator", "admin"}), "moderator, admin");
    EXPECT_EQ(role_list({}), "");
}

} // namespace
} // namespace chatd::auth
