// The inputs that crash Debian's toml++ 3.3.0 (see host/config/toml_guard.cpp): each must give an
// error with its position, or load when it is valid TOML, in every build type.
#include "config_test_support.hpp"

#include "config/nesting_scan.hpp"

namespace chatd::config::test {
namespace {

// UTF-8 for a code point, so the tests can name the exact characters toml++ mishandles.
std::string utf8(char32_t c) {
    if (c < 0x80) return std::string(1, static_cast<char>(c));
    if (c < 0x800)
        return {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
    return {static_cast<char>(0xE0 | (c >> 12)), static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
            static_cast<char>(0x80 | (c & 0x3F))};
}

TEST(TomlGuard, TableHeaderStartingWithANonKeyCharacterIsAnError) {
    // toml++ asserts in parse_key() here.
    const auto errors = load_errors("[@server]\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 1u);
    EXPECT_EQ(errors[0].column, 2u);
    EXPECT_NE(errors[0].message.find("expected bare key starting character"), std::string::npos)
        << errors[0].message;
    // More of the same, some from toml++'s upstream fix (marzer/tomlplusplus#301).
    for (const char *text : {"[\x01]\n", "[[@]]\n", "[a.@]\n", "[server]\n[=]\n", "[[[1]]]",
                             "[[[a]]]", "[[[]]", "[[="})
        EXPECT_EQ(load_errors(text).size(), 1u) << text;
}

TEST(TomlGuard, NonAsciiWhereWhitespaceMayBeIsAnError) {
    // toml++ reaches __builtin_unreachable() deciding whether U+040C is whitespace.
    const auto errors = load_errors("key = 1 \xd0\x8c\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 1u);
    EXPECT_EQ(errors[0].column, 9u);
    EXPECT_NE(errors[0].message.find("expected a comment or whitespace"), std::string::npos)
        << errors[0].message;
}

TEST(TomlGuard, LoneCombiningCharacterIsAnError) {
    // U+032A, the input of marzer/tomlplusplus#295.
    const auto errors = load_errors("\xcc\xaa");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 1u);
}

TEST(TomlGuard, EveryMishandledBlockIsAnErrorOutsideStrings) {
    // The edges of the code point ranges toml++'s whitespace test cannot answer for.
    for (char32_t c : {0xA1, 0x40C, 0x499, 0x2C5E, 0x3001, 0x3057, 0xFB26, 0xFEFE}) {
        for (const std::string &text :
             {"key = 1 " + utf8(c) + "\n", "key = 1" + utf8(c) + "\n", "key " + utf8(c) + "= 1\n",
              "[server]" + utf8(c) + "\n", utf8(c) + "\n", "a = [1, " + utf8(c) + "]\n"}) {
            const auto errors = load_errors(text);
            ASSERT_EQ(errors.size(), 1u) << std::hex << static_cast<uint32_t>(c);
            EXPECT_EQ(errors[0].line, 1u);
        }
    }
}

TEST(TomlGuard, NonAsciiAfterALineEndingBackslashLoads) {
    // Valid TOML that sends U+040C through the same broken whitespace test.
    const Config config = load_ok("[plugins.rooms]\ndefault_room = \"\"\"\\\n  \xd0\x8c\"\"\"\n");
    const std::vector<OptionSpec> options = {{.name = "default_room"}};
    const auto settings = config.plugin_settings("rooms", options);
    ASSERT_TRUE(std::holds_alternative<PluginSettings>(settings));
    EXPECT_EQ(std::get<std::string>(*std::get<PluginSettings>(settings).find("default_room")),
              "\xd0\x8c");
}

TEST(TomlGuard, SectionSignAfterALineEndingBackslashLoads) {
    // U+00A7, the input of marzer/tomlplusplus#190.
    const Config config = load_ok("[server]\nhost = \"\"\"\\\n\xc2\xa7\"\"\"\n");
    EXPECT_EQ(config.server.host, "\xc2\xa7");
}

TEST(TomlGuard, NonAsciiInStringsAndCommentsLoads) {
    const Config config = load_ok("# Ќ café 日本 \xef\xbb\xbf\n"
                                  "[server] # Ќ\n"
                                  "host = \"Ќ.example\" # ☃\n"
                                  "path = '/chat' # \xef\xb9\x90\n"
                                  "[plugins.rooms]\n"
                                  "\"Ќ\" = '''Ќ\n日本'''\n");
    EXPECT_EQ(config.server.host, "Ќ.example");
}

TEST(TomlGuard, DeepDottedKeyIsRefusedBeforeParsing) {
    std::string key = "a";
    for (int i = 0; i < 100000; ++i)
        key += ".a";
    const auto errors = load_errors(key + " = 1\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 1u);
    EXPECT_EQ(errors[0].column, 2 * max_nesting);
    EXPECT_EQ(errors[0].message,
              "tables and arrays nest deeper than " + std::to_string(max_nesting) + " levels");
}

TEST(TomlGuard, DeepTableHeaderIsRefusedBeforeParsing) {
    std::string header = "[a";
    for (int i = 0; i < 100000; ++i)
        header += ".a";
    const auto errors = load_errors(header + "]\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 1u);
}

TEST(TomlGuard, DeepestArraysTomlAllowsStillLoad) {
    const std::string arrays = std::string(256, '[') + std::string(256, ']');
    load_ok("[plugins.a.b]\nc.d = " + arrays + "\n");
    const auto errors = load_errors("[plugins.a.b]\nc.d = [" + arrays + "]\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].message.find("exceeded maximum nested value depth"), std::string::npos);
}

TEST(TomlGuard, DeepInlineTablesAreAParseError) {
    std::string value;
    for (int i = 0; i < 100000; ++i)
        value += "{a=";
    const auto errors = load_errors("a = " + value + "\n");
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].line, 1u);
}

} // namespace
} // namespace chatd::config::test
