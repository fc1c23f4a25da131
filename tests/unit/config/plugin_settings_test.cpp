#include "config_test_support.hpp"

namespace chatd::config::test {
namespace {

const std::vector<OptionSpec> options = {
    {.name = "greeting",
     .type = CHATD_CONFIG_STRING,
     .help = "said on join",
     .default_string = "hello"},
    {.name = "limit",
     .type = CHATD_CONFIG_INT,
     .help = "most at once",
     .default_int = 10,
     .min_int = 1,
     .max_int = 100},
    {.name = "offset", .type = CHATD_CONFIG_INT, .default_int = -5}, // unbounded
    {.name = "enabled", .type = CHATD_CONFIG_BOOL, .default_int = 1},
    {.name = "ratio", .type = CHATD_CONFIG_DOUBLE, .default_double = 0.25},
    {.name = "names", .type = CHATD_CONFIG_STRING_ARRAY},
};

PluginSettings settings_ok(const Config &config, std::string_view plugin = "demo") {
    auto result = config.plugin_settings(plugin, options);
    if (const auto *errors = std::get_if<std::vector<Error>>(&result)) {
        ADD_FAILURE() << "expected settings, got " << describe(*errors);
        return {};
    }
    return std::get<PluginSettings>(std::move(result));
}

std::vector<Error> settings_errors(std::string_view text) {
    auto result = load_ok(text).plugin_settings("demo", options);
    if (std::holds_alternative<PluginSettings>(result)) {
        ADD_FAILURE() << "expected errors, but the settings validated";
        return {};
    }
    return std::get<std::vector<Error>>(std::move(result));
}

template <typename T> T get(const PluginSettings &settings, std::string_view key) {
    const Value *value = settings.find(key);
    if (value == nullptr || !std::holds_alternative<T>(*value)) {
        ADD_FAILURE() << "no value of the wanted type for " << key;
        return T{};
    }
    return std::get<T>(*value);
}

TEST(PluginSettings, AbsentTableGivesTheDeclaredDefaults) {
    const auto settings = settings_ok(defaults());
    EXPECT_EQ(get<std::string>(settings, "greeting"), "hello");
    EXPECT_EQ(get<int64_t>(settings, "limit"), 10);
    EXPECT_EQ(get<int64_t>(settings, "offset"), -5);
    EXPECT_EQ(get<bool>(settings, "enabled"), true);
    EXPECT_EQ(get<double>(settings, "ratio"), 0.25);
    EXPECT_TRUE(get<std::vector<std::string>>(settings, "names").empty());
}

TEST(PluginSettings, UndeclaredKeyIsNotFound) {
    EXPECT_EQ(settings_ok(defaults()).find("nope"), nullptr);
}

TEST(PluginSettings, ReadsEachType) {
    const auto settings = settings_ok(load_ok(R"([plugins.demo]
greeting = "hi"
limit = 100
offset = -9223372036854775808
enabled = false
ratio = 1.5
names = ["a", "b"]
)"));
    EXPECT_EQ(get<std::string>(settings, "greeting"), "hi");
    EXPECT_EQ(get<int64_t>(settings, "limit"), 100);
    EXPECT_EQ(get<int64_t>(settings, "offset"), INT64_MIN);
    EXPECT_EQ(get<bool>(settings, "enabled"), false);
    EXPECT_EQ(get<double>(settings, "ratio"), 1.5);
    EXPECT_EQ(get<std::vector<std::string>>(settings, "names"),
              (std::vector<std::string>{"a", "b"}));
}

TEST(PluginSettings, PartialTableKeepsOtherDefaults) {
    const auto settings = settings_ok(load_ok("[plugins.demo]\nlimit = 3\n"));
    EXPECT_EQ(get<int64_t>(settings, "limit"), 3);
    EXPECT_EQ(get<std::string>(settings, "greeting"), "hello");
}

TEST(PluginSettings, IntegerIsTakenAsADouble) {
    EXPECT_EQ(get<double>(settings_ok(load_ok("[plugins.demo]\nratio = 2")), "ratio"), 2.0);
}

TEST(PluginSettings, UnknownKeyIsReportedAtTheKey) {
    const auto errors = settings_errors("[plugins.demo]\nlimit = 5\n  limitt = 5\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_TRUE(has_error(errors, 3, 3, "unknown key 'limitt' in [plugins.demo]"));
    EXPECT_EQ(errors[0].file, config_path);
}

TEST(PluginSettings, WrongTypesAreReportedAtTheValue) {
    const auto errors = settings_errors(R"([plugins.demo]
greeting = 1
limit = "10"
offset = 1.0
enabled = 1
ratio = "x"
names = ["a", 2]
)");
    ASSERT_EQ(errors.size(), 6u) << describe(errors);
    EXPECT_TRUE(has_error(errors, 2, 12, "'greeting' must be a string (said on join)"));
    EXPECT_TRUE(has_error(errors, 3, 9, "'limit' must be an integer (most at once)"));
    EXPECT_TRUE(has_error(errors, 4, 10, "'offset' must be an integer"));
    EXPECT_TRUE(has_error(errors, 5, 11, "'enabled' must be a boolean"));
    EXPECT_TRUE(has_error(errors, 6, 9, "'ratio' must be a number"));
    EXPECT_TRUE(has_error(errors, 7, 9, "'names' must be an array of strings"));
}

TEST(PluginSettings, TablesAndDatesAreWrongTypes) {
    const auto errors =
        settings_errors("[plugins.demo]\ngreeting = 1979-05-27\n[plugins.demo.names]\n");
    ASSERT_EQ(errors.size(), 2u) << describe(errors);
    EXPECT_TRUE(has_error(errors, 2, 12, "'greeting' must be a string"));
    EXPECT_TRUE(has_error(errors, 3, 1, "'names' must be an array of strings"));
}

TEST(PluginSettings, IntegerOutOfBoundsNamesTheBounds) {
    for (const char *limit : {"0", "101", "-1"}) {
        const auto errors = settings_errors(std::string("[plugins.demo]\nlimit = ") + limit);
        EXPECT_TRUE(has_error(errors, 2, 9,
                              std::string("'limit' must be between 1 and 100, got ") + limit +
                                  " (most at once)"));
    }
}

TEST(PluginSettings, BoundsAreUncheckedWhenNotAnInterval) {
    EXPECT_EQ(get<int64_t>(settings_ok(load_ok("[plugins.demo]\noffset = 9223372036854775807")),
                           "offset"),
              INT64_MAX);
}

TEST(PluginSettings, EveryErrorIsReportedInFileOrder) {
    const auto errors = settings_errors("[plugins.demo]\nzzz = 1\nlimit = 0\naaa = 2\n");
    ASSERT_EQ(errors.size(), 3u);
    EXPECT_EQ(errors[0].line, 2u);
    EXPECT_EQ(errors[1].line, 3u);
    EXPECT_EQ(errors[2].line, 4u);
}

TEST(PluginSettings, OtherPluginsTablesDoNotMatter) {
    const Config config = load_ok("[plugins.other]\nlimit = \"junk\"\n");
    EXPECT_EQ(get<int64_t>(settings_ok(config), "limit"), 10);
}

TEST(PluginSettings, UnknownDeclaredTypeIsAnError) {
    const std::vector<OptionSpec> broken = {{.name = "odd", .type = 99}};
    const auto result = defaults().plugin_settings("demo", broken);
    ASSERT_TRUE(std::holds_alternative<std::vector<Error>>(result));
    const auto &errors = std::get<std::vector<Error>>(result);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].str(),
              "<defaults>: plugin 'demo' declares option 'odd' with unknown type 99");
}

TEST(PluginSettings, ValuesStayPutWhenTheSettingsMove) {
    PluginSettings settings = settings_ok(load_ok("[plugins.demo]\ngreeting = \"hi\""));
    const char *data = std::get<std::string>(*settings.find("greeting")).data();
    const PluginSettings moved = std::move(settings);
    EXPECT_EQ(std::get<std::string>(*moved.find("greeting")).data(), data);
}

TEST(PluginSettings, ConfigCopiesKeepPluginTables) {
    const Config original = load_ok("[plugins.demo]\nlimit = 7\n");
    const Config copy = original; // NOLINT(performance-unnecessary-copy-initialization)
    EXPECT_EQ(get<int64_t>(settings_ok(copy), "limit"), 7);
}

} // namespace
} // namespace chatd::config::test
