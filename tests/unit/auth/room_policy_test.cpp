// Reading who may do what in which room from config.
#include "room_policy.hpp"

#include <gtest/gtest.h>

namespace chatd::auth {
namespace {

bool known(std::string_view role) {
    return role == "admin" || role == "moderator" || role == "user" || role == "guest";
}

RoomPolicy::Rules posting_needs_user() {
    RoomPolicy::Rules rules;
    rules[static_cast<std::size_t>(Action::Post)] = {"user"};
    return rules;
}

std::string refusal(const std::vector<std::string> &entries) {
    try {
        RoomPolicy policy({}, entries, known);
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    return "";
}

TEST(RoomPolicyTest, ARoomsOwnEntryReplacesOnlyTheActionsItNames) {
    const RoomPolicy policy(
        posting_needs_user(),
        {"announcements post=admin,moderator topic=admin", "staff join=moderator"}, known);
    using Roles = RoomPolicy::Roles;
    EXPECT_EQ(policy.needs(Action::Post, "lobby"), Roles{"user"});
    EXPECT_EQ(policy.needs(Action::Join, "lobby"), Roles{});
    EXPECT_EQ(policy.needs(Action::Post, "announcements"), (Roles{"admin", "moderator"}));
    EXPECT_EQ(policy.needs(Action::SetTopic, "announcements"), Roles{"admin"});
    EXPECT_EQ(policy.needs(Action::Read, "announcements"), Roles{});
    EXPECT_EQ(policy.needs(Action::Join, "staff"), Roles{"moderator"});
    EXPECT_EQ(policy.needs(Action::Post, "staff"), Roles{"user"});
    EXPECT_EQ(policy.needs(Action::Post, "Staff"), Roles{"user"}) << "room names are exact";
}

TEST(RoomPolicyTest, AnEntryThatDoesNotReadSoIsRefusedNamingIt) {
    EXPECT_NE(refusal({"lobby post=wizard"}).find("'wizard' is not a role"), std::string::npos);
    EXPECT_NE(refusal({"lobby speak=user"}).find("\"lobby speak=user\""), std::string::npos);
    EXPECT_NE(refusal({"lobby"}).find("names no action"), std::string::npos);
    EXPECT_NE(refusal({"post=user"}).find("begin with the room"), std::string::npos);
    EXPECT_NE(refusal({"lob,by post=user"}).find("room names are"), std::string::npos);
    EXPECT_NE(refusal({"lobby post=user post=admin"}).find("given twice"), std::string::npos);
    EXPECT_NE(refusal({"lobby post="}).find("is not a role"), std::string::npos);
    EXPECT_NE(refusal({"lobby post=user,"}).find("is not a role"), std::string::npos);
    EXPECT_NE(refusal({"a read=user", "a post=user"}).find("has an entry already"),
              std::string::npos);
    EXPECT_EQ(refusal({}), "");
}

TEST(RoomPolicyTest, InviteMakesARoomInviteOnlyAndNamesWhoInvites) {
    const RoomPolicy policy(posting_needs_user(),
                            {"staff invite=moderator,admin", "dev post=admin", "ops invite=admin"},
                            known);
    using Roles = RoomPolicy::Roles;
    EXPECT_EQ(policy.inviters("staff"), (Roles{"moderator", "admin"}));
    EXPECT_EQ(policy.inviters("ops"), Roles{"admin"});
    EXPECT_EQ(policy.inviters("dev"), Roles{}) << "an entry without invite= is not invite-only";
    EXPECT_EQ(policy.inviters("lobby"), Roles{});
    EXPECT_EQ(policy.needs(Action::Post, "staff"), Roles{"user"}) << "invite= is no action's roles";
    EXPECT_EQ(policy.needs(Action::Join, "staff"), Roles{});
    EXPECT_TRUE(policy.has_invite_only_rooms());
    EXPECT_FALSE(RoomPolicy({}, {"dev post=admin"}, known).has_invite_only_rooms());
}

TEST(RoomPolicyTest, AnInviteListIsCheckedAsTheOthersAre) {
    EXPECT_NE(refusal({"staff invite=wizard"}).find("'wizard' is not a role"), std::string::npos);
    EXPECT_NE(refusal({"staff invite="}).find("is not a role"), std::string::npos);
    EXPECT_NE(refusal({"staff invite=admin invite=moderator"}).find("invite is given twice"),
              std::string::npos);
    EXPECT_NE(refusal({"staff invite"}).find("invite= with roles"), std::string::npos);
    EXPECT_EQ(refusal({"staff join=user invite=admin"}), "");
}

TEST(RoomPolicyTest, ActionsHaveTheirConfigWords) {
    EXPECT_EQ(action_name(Action::Join), "join");
    EXPECT_EQ(action_name(Action::Post), "post");
    EXPECT_EQ(action_name(Action::Read), "read");
    EXPECT_EQ(action_name(Action::SetTopic), "topic");
}

} // namespace
} // namespace chatd::auth
