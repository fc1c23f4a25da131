// CHATD_CONFIG_PATH: a plugin's file or directory, served absolute; relative paths mean the
// config file's directory, or chatd's working directory when it runs without a file.
#include "config_test_support.hpp"

namespace chatd::config::test {
namespace {

const std::vector<OptionSpec> options = {
    {.name = "db", .type = CHATD_CONFIG_PATH, .help = "the history file", .default_string = "h.db"},
    {.name = "spool", .type = CHATD_CONFIG_PATH}, // no default: not set until configured
};

std::variant<PluginSettings, std::vector<Error>> settings_of(const Config &config) {
    return config.plugin_settings("history", options);
}

// The served value of `key`; a failure and "" if the settings did not validate.
std::string path_of(const Config &config, std::string_view key = "db") {
    auto result = settings_of(config);
    if (const auto *errors = std::get_if<std::vector<Error>>(&result)) {
        ADD_FAILURE() << "expected settings, got " << describe(*errors);
        return {};
    }
    return std::get<std::string>(*std::get<PluginSettings>(result).find(key));
}

std::vector<Error> errors_of(std::string_view text) {
    auto result = settings_of(load_ok(text));
    if (std::holds_alternative<PluginSettings>(result)) {
        ADD_FAILURE() << "expected errors, but the settings validated";
        return {};
    }
    return std::get<std::vector<Error>>(std::move(result));
}

std::string config_with_db(std::string_view db) {
    return "[plugins.history]\ndb = \"" + std::string(db) + "\"\n";
}

TEST(PathOption, RelativeIsTakenFromTheConfigFilesDirectory) {
    EXPECT_EQ(path_of(load_ok(config_with_db("data/history.db"))), "/etc/chatd/data/history.db");
    EXPECT_EQ(path_of(load_ok(config_with_db("../../var/./h.db"))), "/var/h.db");
}

TEST(PathOption, AbsoluteIsKeptNormalised) {
    EXPECT_EQ(path_of(load_ok(config_with_db("/var/lib/chatd/h.db"))), "/var/lib/chatd/h.db");
    EXPECT_EQ(path_of(load_ok(config_with_db("/var//lib/x/../chatd/h.db"))), "/var/lib/chatd/h.db");
}

TEST(PathOption, TheDefaultIsResolvedLikeAConfiguredValue) {
    EXPECT_EQ(path_of(load_ok("")), "/etc/chatd/h.db");
}

TEST(PathOption, AnEmptyDefaultStaysEmptyUntilConfigured) {
    EXPECT_EQ(path_of(load_ok(""), "spool"), "");
    EXPECT_EQ(path_of(load_ok("[plugins.history]\nspool = \"spool\"\n"), "spool"),
              "/etc/chatd/spool");
}

TEST(PathOption, WithoutAConfigFileRelativeMeansTheWorkingDirectory) {
    const std::filesystem::path cwd = std::filesystem::current_path();
    EXPECT_EQ(path_of(defaults()), (cwd / "h.db").string());
    // A config named by a bare file name lives in the working directory too.
    auto bare = load_string(config_with_db("sub/../h2.db"), "chatd.toml");
    ASSERT_TRUE(std::holds_alternative<Config>(bare));
    EXPECT_EQ(path_of(std::get<Config>(bare)), (cwd / "h2.db").string());
}

TEST(PathOption, AFileOnDiskResolvesBesideIt) {
    TempDir temp;
    const auto file = temp.write("chatd.toml", config_with_db("history.db"));
    auto loaded = load_file(file);
    ASSERT_TRUE(std::holds_alternative<Config>(loaded));
    EXPECT_EQ(path_of(std::get<Config>(loaded)), (temp.path() / "history.db").string());
}

TEST(PathOption, EmptyIsAnErrorAtItsFileAndLine) {
    const auto errors = errors_of("[plugins.history]\n\ndb = \"\"\n");
    ASSERT_EQ(errors.size(), 1u) << describe(errors);
    EXPECT_EQ(errors[0].str(), config_path +
                                   ":3:6: 'db' must not be empty: it is a path to a file or "
                                   "directory (the history file)");
}

TEST(PathOption, OnlyAStringIsAPath) {
    EXPECT_TRUE(has_error(errors_of("[plugins.history]\ndb = 5\n"), 2, 6,
                          "'db' must be a string (a path) (the history file)"));
}

} // namespace
} // namespace chatd::config::test
