#include "config/nesting_scan.hpp"

#include <gtest/gtest.h>

#include <string>

namespace chatd::config {
namespace {

// "a.a.a...": a key `parts` tables deep.
std::string dotted(uint32_t parts) {
    std::string key = "a";
    for (uint32_t i = 1; i < parts; ++i)
        key += ".a";
    return key;
}

std::string repeated(std::string_view text, uint32_t times) {
    std::string out;
    for (uint32_t i = 0; i < times; ++i)
        out += text;
    return out;
}

TEST(NestingScan, OrdinaryConfigPasses) {
    EXPECT_FALSE(find_excess_nesting("[server]\nport = 1\n[plugins.rooms]\na.b.c = 1.5\n"));
    EXPECT_FALSE(find_excess_nesting(""));
}

TEST(NestingScan, DottedKeyUpToTheLimitPasses) {
    EXPECT_FALSE(find_excess_nesting(dotted(max_nesting) + " = 1"));
    const auto where = find_excess_nesting(dotted(max_nesting + 1) + " = 1");
    ASSERT_TRUE(where);
    EXPECT_EQ(where->line, 1u);
    EXPECT_EQ(where->column, 2 * max_nesting); // the dot that adds the level
}

// "[a.a...]" with `parts` parts; each counts twice, as it may name an array of tables.
std::string header(uint32_t parts) {
    // (Built with += because GCC 12 -O2 warns falsely, -Wrestrict, about "literal" + string.)
    std::string text = "[";
    text += dotted(parts) + "]\n";
    return text;
}

TEST(NestingScan, HeaderDepthAddsToKeyDepth) {
    EXPECT_FALSE(find_excess_nesting(header(max_nesting / 4) + dotted(max_nesting / 2) + " = 1\n"));
    const auto where = find_excess_nesting(header(max_nesting / 4) + "x = 1\n" +
                                           dotted(max_nesting / 2 + 1) + " = 1\n");
    ASSERT_TRUE(where);
    EXPECT_EQ(where->line, 3u);
    // A later header starts from the root again.
    EXPECT_FALSE(find_excess_nesting(header(max_nesting / 4) + "[b]\n" + dotted(max_nesting - 2) +
                                     " = 1\n"));
}

TEST(NestingScan, HeaderPartsCountTwice) {
    // Found by differential fuzzing against toml++'s real tree depth: in "[[s]]\n[s.l]", l sits
    // in the last table of the array s, at depth 3.
    EXPECT_FALSE(find_excess_nesting(header(max_nesting / 2)));
    EXPECT_FALSE(find_excess_nesting("[[" + dotted(max_nesting / 2) + "]]\n"));
    const auto where = find_excess_nesting(header(max_nesting / 2 + 1));
    ASSERT_TRUE(where);
    EXPECT_EQ(where->column, max_nesting + 1); // the dot before the last part
}

TEST(NestingScan, QuotedKeysCount) {
    // Found by differential fuzzing too.
    EXPECT_FALSE(find_excess_nesting(header(max_nesting / 2 - 1) + "\"k\" = 1\n"));
    const auto where = find_excess_nesting(header(max_nesting / 2) + "\"k\" = 1\n");
    ASSERT_TRUE(where);
    EXPECT_EQ(where->line, 2u);
    EXPECT_EQ(where->column, 1u);
    EXPECT_TRUE(find_excess_nesting("'a'." + dotted(max_nesting) + " = 1"));
}

TEST(NestingScan, ArraysAndInlineTablesCount) {
    EXPECT_TRUE(find_excess_nesting("a = " + repeated("[", max_nesting)));
    EXPECT_TRUE(find_excess_nesting("a = " + repeated("{b = ", max_nesting)));
    EXPECT_TRUE(find_excess_nesting("a = {" + dotted(max_nesting) + " = 1}"));
    // Multi-line arrays carry their depth across lines.
    EXPECT_TRUE(find_excess_nesting("a = [\n" + repeated("[\n", max_nesting)));
}

TEST(NestingScan, ClosedBracketsGiveTheirDepthBack) {
    EXPECT_FALSE(find_excess_nesting("a = [" + repeated("{x.y = [1]}, ", 2 * max_nesting) + "]"));
    EXPECT_FALSE(find_excess_nesting(repeated("a = [[1], [2]]\n", 2 * max_nesting)));
    EXPECT_FALSE(find_excess_nesting("a = {" + repeated("b = {}, ", 2 * max_nesting) + "}"));
}

TEST(NestingScan, DotsInValuesStringsAndCommentsDoNotCount) {
    const std::string dots = repeated(".", 3 * max_nesting);
    EXPECT_FALSE(find_excess_nesting("a = [" + repeated("1.5, ", 2 * max_nesting) + "]"));
    EXPECT_FALSE(find_excess_nesting("a = \"" + dots + "\""));
    EXPECT_FALSE(find_excess_nesting("a = '" + dots + "'"));
    EXPECT_FALSE(find_excess_nesting("a = \"\"\"\n" + dots + "\n\"\"\""));
    EXPECT_FALSE(find_excess_nesting("a = '''\n" + dots + "\n'''"));
    EXPECT_FALSE(find_excess_nesting("\"" + dots + "\" = 1"));
    EXPECT_FALSE(find_excess_nesting("# " + dots + "\n"));
    EXPECT_FALSE(find_excess_nesting("a = 1 # " + dots + "\n"));
}

TEST(NestingScan, StringsEndWhereTomlEndsThem) {
    std::string deep = "\n";
    deep += dotted(max_nesting + 1) + " = 1\n";
    // Each of these strings is over before `deep`, which must still be seen.
    for (const char *value : {R"("a\"b")", R"("a\\")", R"('C:\')", R"("""a""""")", R"("""a"""")",
                              R"('''a''''')", R"("""a\"""b""")", R"("""\\""")", "\"unterminated",
                              "'unterminated", R"("")", "''", "\"a\\\n"})
        EXPECT_TRUE(find_excess_nesting(std::string("x = ") + value + deep)) << value;
}

TEST(NestingScan, ByteOrderMarkIsSkipped) {
    // Read as a key rather than a header, the first line would not raise the second's base.
    EXPECT_TRUE(find_excess_nesting("\xEF\xBB\xBF" + header(max_nesting / 4) +
                                    dotted(max_nesting / 2 + 1) + " = 1\n"));
}

TEST(NestingScan, ColumnsCountCharactersNotBytes) {
    const auto where = find_excess_nesting("\"\xd0\x8c\" = { " + dotted(max_nesting) + " = 1 }");
    ASSERT_TRUE(where);
    EXPECT_EQ(where->column, 8 + 2 * max_nesting - 2);
}

} // namespace
} // namespace chatd::config
