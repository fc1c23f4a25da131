// What the user commands take from chatd's config: the database, the argon2
// cost and the extra roles, with errors that name the file and line.
#include "chatctl/auth_settings.hpp"
#include "support/chatd_process.hpp"

#include <gtest/gtest.h>

namespace chatd::chatctl {
namespace {

namespace fs = std::filesystem;
using Roles = std::vector<std::string>;
const Roles kBuiltins = {"admin", "moderator", "user", "guest"};

class AuthSettingsTest : public ::testing::Test {
protected:
    std::variant<AuthSettings, std::string> from_config(std::string_view text) {
        return auth_settings({.config = dir.write("chatd.toml", text).string()});
    }
    AuthSettings settings(std::string_view text) {
        auto result = from_config(text);
        if (auto *error = std::get_if<std::string>(&result)) {
            ADD_FAILURE() << "refused: " << *error;
            return {};
        }
        return std::get<AuthSettings>(result);
    }
    std::string error(std::string_view text) {
        auto result = from_config(text);
        if (auto *message = std::get_if<std::string>(&result)) return *message;
        ADD_FAILURE() << "accepted";
        return {};
    }
    std::string config() const { return (dir.path() / "chatd.toml").string(); }

    test::TempDir dir;
};

TEST_F(AuthSettingsTest, WithoutAConfigItIsTheDefaultsAndTheBuiltinRoles) {
    auto plain = std::get<AuthSettings>(auth_settings({}));
    EXPECT_EQ(plain.database, fs::path("chatd-auth.db"));
    EXPECT_EQ(plain.params.ops, 2u);
    EXPECT_EQ(plain.params.mem_kib, 65536u);
    EXPECT_EQ(plain.roles, kBuiltins);
    EXPECT_EQ(std::get<AuthSettings>(auth_settings({.db = "x.db"})).database, fs::path("x.db"));
}

TEST_F(AuthSettingsTest, TheConfigsAuthTableGivesDatabaseCostAndRoles) {
    const AuthSettings s = settings("[plugins.auth]\ndatabase = \"data/a.db\"\nargon2_ops = 3\n"
                                    "argon2_mem_kib = 16\nroles = [\"vip\", \"admin\", \"bot\"]\n");
    EXPECT_EQ(s.database, dir.path() / "data/a.db");
    EXPECT_EQ(s.params.ops, 3u);
    EXPECT_EQ(s.params.mem_kib, 16u);
    EXPECT_EQ(s.roles, (Roles{"admin", "moderator", "user", "guest", "vip", "bot"}));
}

TEST_F(AuthSettingsTest, AConfigWithoutTheTableGivesTheDefaultsBesideIt) {
    const AuthSettings s = settings("[server]\nport = 0\n");
    EXPECT_EQ(s.database, dir.path() / "chatd-auth.db");
    EXPECT_EQ(s.params.ops, 2u);
    EXPECT_EQ(s.roles, kBuiltins);
}

TEST_F(AuthSettingsTest, BadKeysAreErrorsNamingFileAndLineAsChatdWouldSay) {
    EXPECT_EQ(error("[plugins.auth]\nargon2_ops = 0\n"),
              config() + ":2:14: 'argon2_ops' must be between 1 and 4294967295, got 0 (argon2id "
                         "passes for new password hashes (chatctl user add and passwd))");
    EXPECT_EQ(error("[plugins.auth]\nargon2_mem_kib = \"lots\"\n"),
              config() + ":2:18: 'argon2_mem_kib' must be an integer (argon2id memory in KiB for "
                         "new password hashes)");
    EXPECT_EQ(error("[plugins.auth]\nargon2_mem_kib = 4194305\n").substr(0, config().size() + 6),
              config() + ":2:18:");
    EXPECT_EQ(error("[plugins.auth]\nroles = \"vip\"\n"),
              config() + ":2:9: 'roles' must be an array of strings (roles beyond admin, "
                         "moderator, user and guest)");
    EXPECT_EQ(error("[plugins.auth]\nroles = [\"VIP\"]\n"),
              config() + ":2:9: [plugins.auth] roles: invalid role name 'VIP': 1 to 32 "
                         "characters of a-z, 0-9, '_' and '-'");
    EXPECT_EQ(error("[plugins]\nauth = 1\n"), config() + ":2:8: 'auth' must be a table");
    // chatd refuses a key the plugin does not declare, so chatctl does too.
    EXPECT_EQ(error("[plugins.auth]\nargon2_opts = 3\n").substr(0, config().size() + 5),
              config() + ":2:1:");
}

} // namespace
} // namespace chatd::chatctl
