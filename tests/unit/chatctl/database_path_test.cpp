// Finding a plugin's database: --db as given, the config's
// [plugins.<plugin>] database relative to the config, the defaults, and
// configs that fail.
#include "chatctl/database_path.hpp"
#include "support/chatd_process.hpp"

#include <gtest/gtest.h>

namespace chatd::chatctl {
namespace {

namespace fs = std::filesystem;

class DatabasePath : public ::testing::Test {
protected:
    std::variant<fs::path, std::string>
    from_config(std::string_view text, const PluginDatabase &which = kHistoryDatabase) {
        return database_path({.config = dir.write("chatd.toml", text).string()}, which);
    }
    std::string error_from_config(std::string_view text) {
        auto result = from_config(text);
        if (auto *error = std::get_if<std::string>(&result)) return *error;
        ADD_FAILURE() << "accepted: " << std::get<fs::path>(result);
        return {};
    }
    std::string config() const { return (dir.path() / "chatd.toml").string(); }

    test::TempDir dir;
};

TEST_F(DatabasePath, DbIsTakenAsGiven) {
    EXPECT_EQ(std::get<fs::path>(database_path({.db = "x/h.db"}, kHistoryDatabase)),
              fs::path("x/h.db"));
}

TEST_F(DatabasePath, WithoutDbOrConfigItIsTheDefaultInTheWorkingDirectory) {
    EXPECT_EQ(std::get<fs::path>(database_path({}, kHistoryDatabase)),
              fs::path("chatd-history.db"));
}

TEST_F(DatabasePath, TheConfigsKeyIsRelativeToTheConfigsDirectory) {
    EXPECT_EQ(std::get<fs::path>(from_config("[plugins.history]\ndatabase = \"data/h.db\"\n")),
              dir.path() / "data/h.db");
    EXPECT_EQ(std::get<fs::path>(from_config("[plugins.history]\ndatabase = \"/var/h.db\"\n")),
              fs::path("/var/h.db"));
}

TEST_F(DatabasePath, WithoutTheKeyItIsTheDefaultBesideTheConfig) {
    EXPECT_EQ(std::get<fs::path>(from_config("[server]\nport = 0\n")),
              dir.path() / "chatd-history.db");
    EXPECT_EQ(std::get<fs::path>(from_config("[plugins.history]\n")),
              dir.path() / "chatd-history.db");
}

TEST_F(DatabasePath, OnlyThatKeyIsRead) {
    // chatd would refuse the unknown keys; chatctl still finds its database.
    EXPECT_EQ(std::get<fs::path>(from_config("[server]\nbogus = 1\n[plugins.history]\n"
                                             "database = \"h.db\"\nretention = \"x\"\n")),
              dir.path() / "h.db");
}

TEST_F(DatabasePath, AConfigThatDoesNotParseNamesFileAndLine) {
    const std::string error = error_from_config("[server]\nport = 0\n[plugins.history\n");
    EXPECT_EQ(error.rfind(config() + ":3:", 0), 0u) << error;
}

TEST_F(DatabasePath, AWrongTypedKeyNamesFileAndLine) {
    EXPECT_EQ(error_from_config("[plugins.history]\n\ndatabase = 5\n"),
              config() + ":3:12: [plugins.history] database must be a non-empty string");
    EXPECT_EQ(error_from_config("[plugins.history]\ndatabase = \"\"\n"),
              config() + ":2:12: [plugins.history] database must be a non-empty string");
    EXPECT_EQ(error_from_config("[plugins]\nhistory = 1\n"),
              config() + ":2:11: 'history' must be a table");
}

TEST_F(DatabasePath, TheAuthPluginsDatabaseIsFoundTheSameWayInItsOwnTable) {
    EXPECT_EQ(std::get<fs::path>(database_path({}, kAuthDatabase)), fs::path("chatd-auth.db"));
    EXPECT_EQ(
        std::get<fs::path>(from_config("[plugins.history]\ndatabase = \"h.db\"\n", kAuthDatabase)),
        dir.path() / "chatd-auth.db");
    EXPECT_EQ(std::get<fs::path>(
                  from_config("[plugins.auth]\ndatabase = \"a/auth.db\"\n", kAuthDatabase)),
              dir.path() / "a/auth.db");
    auto wrong = from_config("[plugins.auth]\ndatabase = 1\n", kAuthDatabase);
    EXPECT_EQ(std::get<std::string>(wrong),
              config() + ":2:12: [plugins.auth] database must be a non-empty string");
}

TEST_F(DatabasePath, AMissingConfigNamesTheFile) {
    const std::string missing = (dir.path() / "none.toml").string();
    auto result = database_path({.config = missing}, kHistoryDatabase);
    ASSERT_TRUE(std::holds_alternative<std::string>(result));
    EXPECT_EQ(std::get<std::string>(result).rfind(missing + ": cannot read", 0), 0u)
        << std::get<std::string>(result);
}

} // namespace
} // namespace chatd::chatctl
