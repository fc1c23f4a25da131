// Which names an account and a role may have: the bounds, the characters,
// and that no account can take a guest's name in any case.
#include "accounts/user_names.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace chatd::auth {
namespace {

TEST(UserNames, AcceptsLettersDigitsAndThreeMarksUpTo32Bytes) {
    for (std::string_view name :
         {"a", "Alice", "bob_2", "x-y.z", "0", "guest", "guests-x", "my-guest-1", "_.-"})
        EXPECT_TRUE(is_valid_user_name(name)) << name;
    EXPECT_TRUE(is_valid_user_name(std::string(32, 'a')));
    EXPECT_FALSE(is_valid_user_name(std::string(33, 'a')));
}

TEST(UserNames, RefusesEmptySpacesSymbolsAndNonAscii) {
    for (std::string_view name : {"", " ", "a b", "a@b", "a/b", "a:b", "tab\t", "caf\xc3\xa9"})
        EXPECT_FALSE(is_valid_user_name(name)) << name;
    EXPECT_FALSE(is_valid_user_name(std::string_view("a\0b", 3)));
}

TEST(UserNames, RefusesTheGuestPrefixInAnyCase) {
    for (std::string_view name : {"guest-1", "guest-", "Guest-7", "GUEST-x", "gUeSt-bob"})
        EXPECT_FALSE(is_valid_user_name(name)) << name;
}

TEST(UserNames, TheRuleNamesTheBoundsAndThePrefix) {
    const std::string rule = user_name_rule();
    EXPECT_NE(rule.find("32"), std::string::npos) << rule;
    EXPECT_NE(rule.find("guest-"), std::string::npos) << rule;
}

TEST(RoleNames, AreLowerCaseLettersDigitsUnderscoreAndDash) {
    for (std::string_view role : {"admin", "a", "team_lead", "level-2", "0"})
        EXPECT_TRUE(is_valid_role_name(role)) << role;
    EXPECT_TRUE(is_valid_role_name(std::string(32, 'r')));
    for (std::string_view role : {"", "Admin", "a.b", "a b", "r\xc3\xb4le"})
        EXPECT_FALSE(is_valid_role_name(role)) << role;
    EXPECT_FALSE(is_valid_role_name(std::string(33, 'r')));
}

TEST(RoleNames, TheBuiltinsAreValidRoleNames) {
    EXPECT_TRUE(std::all_of(kBuiltinRoles.begin(), kBuiltinRoles.end(), is_valid_role_name));
    EXPECT_NE(std::find(kBuiltinRoles.begin(), kBuiltinRoles.end(), "admin"), kBuiltinRoles.end());
}

} // namespace
} // namespace chatd::auth
