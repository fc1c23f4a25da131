// The command line: what each option sets, the defaults, and every way a
// command line can be wrong, each refused with a message that names it.
#include "chatctl/options.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace chatd::chatctl {
namespace {

using history::Anchor;

std::variant<Options, UsageError> parse_line(std::vector<std::string_view> args) {
    return parse(args);
}

Options parsed(std::vector<std::string_view> args) {
    auto result = parse_line(args);
    if (auto *error = std::get_if<UsageError>(&result)) {
        ADD_FAILURE() << "refused: " << error->message;
        return {};
    }
    return std::get<Options>(result);
}

std::string refused(std::vector<std::string_view> args) {
    auto result = parse_line(args);
    if (auto *error = std::get_if<UsageError>(&result)) return error->message;
    ADD_FAILURE() << "accepted";
    return {};
}

TEST(ChatctlOptions, HistoryDefaultsToTheLatestFifty) {
    const Options o = parsed({"history", "lobby"});
    EXPECT_EQ(o.command, Command::History);
    EXPECT_EQ(o.query.room, "lobby");
    EXPECT_EQ(o.query.anchor, Anchor::Latest);
    EXPECT_EQ(o.query.limit, 50u);
    EXPECT_FALSE(o.query.from);
    EXPECT_FALSE(o.query.search);
    EXPECT_FALSE(o.json);
    EXPECT_FALSE(o.database.db);
    EXPECT_FALSE(o.database.config);
}

TEST(ChatctlOptions, EachAnchorSetsItsQuery) {
    EXPECT_EQ(parsed({"history", "r", "--latest"}).query.anchor, Anchor::Latest);
    Options o = parsed({"history", "r", "--before", "12"});
    EXPECT_EQ(o.query.anchor, Anchor::Before);
    EXPECT_EQ(o.query.seq, 12u);
    o = parsed({"history", "r", "--after=0"});
    EXPECT_EQ(o.query.anchor, Anchor::After);
    EXPECT_EQ(o.query.seq, 0u);
    o = parsed({"history", "r", "--around", "7"});
    EXPECT_EQ(o.query.anchor, Anchor::Around);
    EXPECT_EQ(o.query.seq, 7u);
    o = parsed({"history", "r", "--between", "3", "9"});
    EXPECT_EQ(o.query.anchor, Anchor::Between);
    EXPECT_EQ(o.query.seq, 3u);
    EXPECT_EQ(o.query.seq_last, 9u);
    o = parsed({"history", "r", "--since", "2026-12-01T11:00:00+01:00"});
    EXPECT_EQ(o.query.anchor, Anchor::AfterTime);
    EXPECT_EQ(o.query.ts_ms, 1'796'119'200'000);
    o = parsed({"history", "r", "--until", "2026-12-01T10:00:00.250Z"});
    EXPECT_EQ(o.query.anchor, Anchor::BeforeTime);
    EXPECT_EQ(o.query.ts_ms, 1'796'119'200'250);
}

TEST(ChatctlOptions, FiltersOutputAndDatabaseGoAnywhere) {
    const Options o = parsed({"--db", "h.db", "history", "--json", "--limit", "10000", "r",
                              "--from", "bob", "--search", "two words"});
    EXPECT_EQ(o.query.room, "r");
    EXPECT_EQ(o.query.limit, 10000u);
    EXPECT_EQ(o.query.from, "bob");
    EXPECT_EQ(o.query.search, "two words");
    EXPECT_TRUE(o.json);
    EXPECT_EQ(o.database.db, "h.db");
    EXPECT_EQ(parsed({"rooms", "--config=/etc/chatd.toml", "--json"}).database.config,
              "/etc/chatd.toml");
}

TEST(ChatctlOptions, AfterADoubleDashEverythingIsARoomOrCommand) {
    EXPECT_EQ(parsed({"history", "--limit", "3", "--", "-dash-room"}).query.room, "-dash-room");
    EXPECT_EQ(refused({"history", "--", "r", "--json"}), "unexpected argument '--json'");
}

TEST(ChatctlOptions, HelpNeedsNoCommandAndWinsOverMissingArguments) {
    EXPECT_TRUE(parsed({"--help"}).help);
    const Options o = parsed({"history", "--help"});
    EXPECT_TRUE(o.help);
    EXPECT_EQ(o.command, Command::History);
    EXPECT_EQ(parsed({"rooms", "-h"}).command, Command::Rooms);
    EXPECT_NE(usage(Command::History).find("--between S1 S2"), std::string::npos);
    EXPECT_NE(usage(Command::Help).find("history ROOM"), std::string::npos);
}

TEST(ChatctlOptions, RefusesWhatItDoesNotKnow) {
    EXPECT_EQ(refused({"history", "r", "--newest"}), "unknown option '--newest'");
    EXPECT_EQ(refused({"purge"}), "unknown command 'purge': give history or rooms");
    EXPECT_EQ(refused({"--json"}), "no command: give history or rooms");
    EXPECT_EQ(refused({}), "no command: give history or rooms");
    EXPECT_EQ(refused({"history"}), "history needs a room");
    EXPECT_EQ(refused({"history", "r", "s"}), "unexpected argument 's'");
    EXPECT_EQ(refused({"rooms", "r"}), "unexpected argument 'r'");
    EXPECT_EQ(refused({"rooms", "--limit", "5"}), "--limit is an option of history, not of rooms");
}

TEST(ChatctlOptions, RefusesMissingValues) {
    EXPECT_EQ(refused({"history", "r", "--before"}), "--before needs a seq");
    EXPECT_EQ(refused({"history", "r", "--between", "1"}), "--between needs two seqs");
    EXPECT_EQ(refused({"history", "r", "--since"}), "--since needs a time");
    EXPECT_EQ(refused({"history", "r", "--limit"}), "--limit needs a number");
    EXPECT_EQ(refused({"history", "r", "--from"}), "--from needs a user name");
    EXPECT_EQ(refused({"rooms", "--db"}), "--db needs a database file");
    EXPECT_EQ(refused({"rooms", "--db="}), "--db needs a database file");
    EXPECT_EQ(refused({"rooms", "--config"}), "--config needs a config file");
}

TEST(ChatctlOptions, RefusesBadNumbers) {
    for (std::string_view bad :
         {"x", "-1", "1.5", "", "12x", "+3", "9223372036854775808", "99999999999999999999"})
        EXPECT_EQ(refused({"history", "r", "--after", bad}),
                  "--after needs a seq (a whole number from 0), not '" + std::string(bad) + "'");
    for (std::string_view bad : {"0", "10001", "ten", "-5", ""})
        EXPECT_EQ(refused({"history", "r", "--limit", bad}),
                  "--limit needs a whole number from 1 to 10000, not '" + std::string(bad) + "'");
    EXPECT_EQ(refused({"history", "r", "--between", "9", "3"}),
              "--between needs the lower seq first (9 > 3)");
}

TEST(ChatctlOptions, RefusesBadTimes) {
    EXPECT_EQ(refused({"history", "r", "--until", "2026-12-01 10:00"}),
              "--until needs an RFC 3339 time such as 2026-12-01T10:00:00Z, not '2026-12-01 "
              "10:00'");
    EXPECT_NE(refused({"history", "r", "--since", "2026-02-30T00:00:00Z"}).find("RFC 3339"),
              std::string::npos);
}

TEST(ChatctlOptions, RefusesTwoAnchorsAndTwoDatabases) {
    EXPECT_EQ(refused({"history", "r", "--before", "3", "--since", "2026-12-01T10:00:00Z"}),
              "give at most one of --latest, --before, --after, --around, --between, --since, "
              "--until (--before and --since)");
    EXPECT_EQ(refused({"history", "r", "--latest", "--latest"}).substr(0, 19),
              "give at most one of");
    EXPECT_EQ(refused({"rooms", "--db", "a", "--config", "b"}),
              "give --db or --config, not both: --db names the file itself");
}

} // namespace
} // namespace chatd::chatctl
