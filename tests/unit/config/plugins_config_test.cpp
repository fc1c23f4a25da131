#include "config_test_support.hpp"

namespace chatd::config::test {
namespace {

using Tables = std::vector<std::pair<std::string, uint32_t>>;

TEST(PluginsConfig, ReadsPipelineInOrder) {
    EXPECT_EQ(load_ok("[plugins]\npipeline = [\"auth\", \"rooms\", \"log_2\"]").plugins.pipeline,
              (std::vector<std::string>{"auth", "rooms", "log_2"}));
    EXPECT_TRUE(load_ok("[plugins]\npipeline = []").plugins.pipeline.empty());
}

TEST(PluginsConfig, PipelineNamesMustBeValid) {
    const std::string long_name(65, 'a');
    const auto errors =
        load_errors("[plugins]\npipeline = [\"rooms\", \"Rooms\", \"\", \"a-b\", \"" + long_name +
                    "\", \"" + std::string(64, 'b') + "\"]");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_TRUE(has_error(errors, 2, 12,
                          "'pipeline' holds invalid plugin names 'Rooms', '', 'a-b', '" +
                              long_name + "' (names are [a-z0-9_]{1,64})"));
}

TEST(PluginsConfig, PipelineNamesMustNotRepeat) {
    const auto errors =
        load_errors("[plugins]\npipeline = [\"rooms\", \"auth\", \"rooms\", \"auth\", \"rooms\"]");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_TRUE(has_error(errors, 2, 12, "'pipeline' names 'rooms', 'auth' more than once"));
}

TEST(PluginsConfig, PipelineMustHoldStrings) {
    EXPECT_TRUE(has_error(load_errors("[plugins]\npipeline = [\"rooms\", 1]"), 2, 12,
                          "'pipeline' must be an array of strings"));
    EXPECT_TRUE(has_error(load_errors("[plugins]\npipeline = \"rooms\""), 2, 12,
                          "'pipeline' must be an array of strings"));
}

TEST(PluginsConfig, DirDefaultsToTheBuildsPluginDir) {
    EXPECT_EQ(defaults().plugins.dir, chatd::config::default_plugin_dir());
    EXPECT_EQ(load_ok("").plugins.dir, chatd::config::default_plugin_dir());
}

TEST(PluginsConfig, RelativeDirIsRelativeToTheConfigFile) {
    EXPECT_EQ(load_ok("[plugins]\ndir = \"plugins\"").plugins.dir, "/etc/chatd/plugins");
    EXPECT_EQ(load_ok("[plugins]\ndir = \"../lib/chatd/\"").plugins.dir, "/etc/lib/chatd/");
    EXPECT_EQ(load_ok("[plugins]\ndir = \"/opt/chatd\"").plugins.dir, "/opt/chatd");
}

TEST(PluginsConfig, RelativeDirOfAFileIsBesideIt) {
    TempDir temp;
    const auto file = temp.write("chatd.toml", "[plugins]\ndir = \"my_plugins\"\n");
    const auto result = load_file(file);
    ASSERT_TRUE(std::holds_alternative<Config>(result));
    EXPECT_EQ(std::get<Config>(result).plugins.dir, temp.path() / "my_plugins");
}

TEST(PluginsConfig, RelativeDirOfABareNameStaysRelative) {
    const auto result = load_string("[plugins]\ndir = \"plugins\"", "chatd.toml");
    ASSERT_TRUE(std::holds_alternative<Config>(result));
    EXPECT_EQ(std::get<Config>(result).plugins.dir, "plugins");
}

TEST(PluginsConfig, DirMustBeANonEmptyString) {
    EXPECT_TRUE(has_error(load_errors("[plugins]\ndir = \"\""), 2, 7, "'dir' must not be empty"));
    EXPECT_TRUE(has_error(load_errors("[plugins]\ndir = 5"), 2, 7, "'dir' must be a string"));
    EXPECT_TRUE(has_error(load_errors("[plugins.dir]\nx = 1"), 1, 1, "'dir' must be a string"));
}

TEST(PluginsConfig, UnknownKeySaysWhatBelongsThere) {
    const auto errors = load_errors("[plugins]\npipline = [\"rooms\"]\nrooms = 5\n");
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_TRUE(has_error(errors, 2, 1, "unknown key 'pipline' in [plugins]: only 'dir', "));
    EXPECT_TRUE(has_error(errors, 3, 1, "unknown key 'rooms' in [plugins]"));
}

TEST(PluginsConfig, PluginTableNamesMustBeValid) {
    const auto errors = load_errors("[plugins.Rooms]\n[plugins.\"a b\"]\n");
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_TRUE(has_error(errors, 1, 10, "invalid plugin name 'Rooms' in [plugins.Rooms]"));
    EXPECT_TRUE(has_error(errors, 2, 10, "invalid plugin name 'a b'"));
}

TEST(PluginsConfig, ArrayOfPluginTablesIsRejected) {
    EXPECT_TRUE(
        has_error(load_errors("[[plugins.rooms]]\n"), 1, 11, "unknown key 'rooms' in [plugins]"));
}

TEST(PluginsConfig, PluginsMustBeATable) {
    EXPECT_TRUE(
        has_error(load_errors("plugins = [\"rooms\"]"), 1, 11, "'plugins' must be a table"));
}

TEST(PluginsConfig, PluginTablesAreListedInFileOrderWithTheirLine) {
    const Config config = load_ok(R"([plugins]
pipeline = ["rooms", "auth"]

[plugins.zeta]

[plugins.rooms]
default_room = "hall"

[plugins.auth.tokens]
issuer = "x"
)");
    EXPECT_EQ(config.plugin_tables(), (Tables{{"zeta", 4}, {"rooms", 6}, {"auth", 9}}));
}

TEST(PluginsConfig, NoPluginTablesListsNothing) {
    EXPECT_TRUE(load_ok("[plugins]\npipeline = [\"rooms\"]").plugin_tables().empty());
    EXPECT_TRUE(defaults().plugin_tables().empty());
}

} // namespace
} // namespace chatd::config::test
