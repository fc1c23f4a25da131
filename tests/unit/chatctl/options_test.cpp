// The command line: what each option sets, the defaults, and every way a
// command line can be wrong, each refused with a message that names it; for
// `user`, names and roles are refused before anything runs.
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
    EXPECT_EQ(refused({"purge"}),
              "unknown command 'purge': give history, rooms, deletions, user, ban, unban, "
              "mute, unmute, bans or audit");
    EXPECT_EQ(refused({"--json"}), "no command: give history, rooms, deletions, user, ban, unban, "
                                   "mute, unmute, bans or audit");
    EXPECT_EQ(refused({}), "no command: give history, rooms, deletions, user, ban, unban, mute, "
                           "unmute, bans or audit");
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

using Roles = std::vector<std::string>;

TEST(ChatctlUserOptions, AddTakesANameAndRolesOnceEach) {
    Options o = parsed({"user", "add", "Alice"});
    EXPECT_EQ(o.command, Command::User);
    EXPECT_EQ(o.user.action, UserAction::Add);
    EXPECT_EQ(o.user.name, "Alice");
    EXPECT_TRUE(o.user.roles.empty());
    o = parsed({"--db", "a.db", "user", "--role", "admin", "add", "bob", "--role=user", "--role",
                "admin"});
    EXPECT_EQ(o.user.roles, (Roles{"admin", "user"}));
    EXPECT_EQ(o.database.db, "a.db");
}

TEST(ChatctlUserOptions, EachActionReadsItsArguments) {
    Options o = parsed({"user", "passwd", "bob"});
    EXPECT_EQ(o.user.action, UserAction::Passwd);
    EXPECT_EQ(o.user.name, "bob");
    o = parsed({"user", "del", "bob", "--config", "c.toml"});
    EXPECT_EQ(o.user.action, UserAction::Del);
    EXPECT_EQ(o.database.config, "c.toml");
    o = parsed({"user", "list", "--json"});
    EXPECT_EQ(o.user.action, UserAction::List);
    EXPECT_TRUE(o.json);
    o = parsed({"user", "role", "add", "bob", "moderator"});
    EXPECT_EQ(o.user.action, UserAction::RoleAdd);
    EXPECT_EQ(o.user.name, "bob");
    EXPECT_EQ(o.user.role, "moderator");
    o = parsed({"user", "role", "rm", "bob", "team-lead"});
    EXPECT_EQ(o.user.action, UserAction::RoleRm);
    EXPECT_EQ(o.user.role, "team-lead");
    EXPECT_EQ(parsed({"user", "del", "--", "-x"}).user.name, "-x");
}

TEST(ChatctlUserOptions, HelpWinsOverMissingArguments) {
    for (const auto &args : {std::vector<std::string_view>{"user", "--help"},
                             {"user", "add", "-h"},
                             {"user", "role", "--help"}}) {
        const Options o = parsed(args);
        EXPECT_TRUE(o.help);
        EXPECT_EQ(o.command, Command::User);
    }
    EXPECT_NE(usage(Command::User).find("chatctl user role rm NAME ROLE"), std::string::npos);
    EXPECT_NE(usage(Command::Help).find("user ..."), std::string::npos);
}

TEST(ChatctlUserOptions, RefusesMissingAndExtraArguments) {
    EXPECT_EQ(refused({"user"}), "user needs a subcommand: give add, passwd, del, list or role");
    EXPECT_EQ(refused({"user", "create", "a"}),
              "unknown subcommand 'user create': give add, passwd, del, list or role");
    EXPECT_EQ(refused({"user", "add"}), "user add needs a user name");
    EXPECT_EQ(refused({"user", "passwd"}), "user passwd needs a user name");
    EXPECT_EQ(refused({"user", "del", "a", "b"}), "unexpected argument 'b'");
    EXPECT_EQ(refused({"user", "list", "a"}), "unexpected argument 'a'");
    EXPECT_EQ(refused({"user", "role"}), "user role needs add or rm");
    EXPECT_EQ(refused({"user", "role", "set", "a", "b"}), "user role needs add or rm");
    EXPECT_EQ(refused({"user", "role", "add"}), "user role add needs a user name");
    EXPECT_EQ(refused({"user", "role", "rm", "a"}), "user role rm needs a role");
    EXPECT_EQ(refused({"user", "role", "rm", "a", "b", "c"}), "unexpected argument 'c'");
    EXPECT_EQ(refused({"user", "add", "a", "--role"}), "--role needs a role");
}

TEST(ChatctlUserOptions, RefusesBadNamesAndRoles) {
    const std::string rule = "1 to 32 characters of A-Z, a-z, 0-9, '_', '-' and '.', not "
                             "beginning with 'guest-'";
    EXPECT_EQ(refused({"user", "add", "guest-1"}), "invalid user name 'guest-1': " + rule);
    EXPECT_EQ(refused({"user", "passwd", "GUEST-x"}), "invalid user name 'GUEST-x': " + rule);
    EXPECT_EQ(refused({"user", "del", "a b"}), "invalid user name 'a b': " + rule);
    EXPECT_EQ(refused({"user", "add", std::string(33, 'a')}).substr(0, 18), "invalid user name ");
    EXPECT_EQ(refused({"user", "add", "a", "--role", "Admin"}),
              "invalid role name 'Admin': 1 to 32 characters of a-z, 0-9, '_' and '-'");
    EXPECT_EQ(refused({"user", "role", "add", "a", "x.y"}).substr(0, 24),
              "invalid role name 'x.y':");
}

TEST(ChatctlUserOptions, RefusesOptionsOfOtherCommands) {
    EXPECT_EQ(refused({"user", "del", "a", "--role", "admin"}),
              "--role is an option of user add, not of user del");
    EXPECT_EQ(refused({"user", "role", "add", "a", "admin", "--role", "user"}),
              "--role is an option of user add, not of user role add");
    EXPECT_EQ(refused({"user", "add", "a", "--json"}),
              "--json is an option of user list, not of user add");
    EXPECT_EQ(refused({"user", "list", "--limit", "3"}),
              "--limit is an option of history, not of user");
    EXPECT_EQ(refused({"rooms", "--role", "admin"}),
              "--role is an option of user add, not of rooms");
    EXPECT_EQ(refused({"history", "r", "--role", "admin"}),
              "--role is an option of user add, not of history");
    EXPECT_EQ(refused({"user", "list", "--db", "a", "--config", "b"}),
              "give --db or --config, not both: --db names the file itself");
}

TEST(ChatctlModerationOptions, BanAndMuteTakeRoomDurationReasonAndBy) {
    Options o = parsed({"ban", "bob"});
    EXPECT_EQ(o.command, Command::Ban);
    EXPECT_EQ(o.moderation.user, "bob");
    EXPECT_EQ(o.moderation.room, "");
    EXPECT_EQ(o.moderation.duration_s, 0);
    EXPECT_EQ(o.moderation.reason, "");
    EXPECT_EQ(o.moderation.by, "chatctl");
    o = parsed({"mute", "--room", "lobby", "Bob Smith", "--duration=600", "--reason", "spam, again",
                "--by", "ops", "--db", "m.db"});
    EXPECT_EQ(o.command, Command::Mute);
    EXPECT_EQ(o.moderation.user, "Bob Smith");
    EXPECT_EQ(o.moderation.room, "lobby");
    EXPECT_EQ(o.moderation.duration_s, 600);
    EXPECT_EQ(o.moderation.reason, "spam, again");
    EXPECT_EQ(o.moderation.by, "ops");
    EXPECT_EQ(o.database.db, "m.db");
    EXPECT_EQ(parsed({"ban", "x", "--duration", "315360000"}).moderation.duration_s, 315360000);
    EXPECT_EQ(parsed({"ban", "--", "-x"}).moderation.user, "-x");
}

TEST(ChatctlModerationOptions, LiftsListsAndAuditReadTheirs) {
    Options o = parsed({"unban", "bob", "--room", "lobby"});
    EXPECT_EQ(o.command, Command::Unban);
    EXPECT_EQ(o.moderation.user, "bob");
    EXPECT_EQ(o.moderation.room, "lobby");
    o = parsed({"unmute", "bob", "--by", "mia"});
    EXPECT_EQ(o.command, Command::Unmute);
    EXPECT_EQ(o.moderation.by, "mia");
    o = parsed({"bans", "--room", "lobby", "--json", "--config", "c.toml"});
    EXPECT_EQ(o.command, Command::Bans);
    EXPECT_EQ(o.moderation.room, "lobby");
    EXPECT_TRUE(o.json);
    EXPECT_EQ(o.database.config, "c.toml");
    o = parsed({"audit"});
    EXPECT_EQ(o.command, Command::Audit);
    EXPECT_EQ(o.moderation.limit, 50u);
    EXPECT_EQ(o.moderation.before, 0);
    o = parsed({"audit", "--limit", "5", "--before", "17", "--json"});
    EXPECT_EQ(o.moderation.limit, 5u);
    EXPECT_EQ(o.moderation.before, 17);
    EXPECT_TRUE(o.json);
}

TEST(ChatctlModerationOptions, HelpWinsOverMissingArguments) {
    for (const auto &args : {std::vector<std::string_view>{"ban", "--help"}, {"unmute", "-h"}}) {
        const Options o = parsed(args);
        EXPECT_TRUE(o.help);
    }
    EXPECT_EQ(parsed({"audit", "--help"}).command, Command::Audit);
    EXPECT_NE(usage(Command::Ban).find("chatctl bans [--room ROOM] [--json]"), std::string::npos);
    EXPECT_NE(usage(Command::Help).find("ban USER"), std::string::npos);
}

TEST(ChatctlModerationOptions, RefusesMissingExtraAndBadArguments) {
    EXPECT_EQ(refused({"ban"}), "ban needs a user name");
    EXPECT_EQ(refused({"unmute", "--room", "lobby"}), "unmute needs a user name");
    EXPECT_EQ(refused({"ban", "a", "b"}), "unexpected argument 'b'");
    EXPECT_EQ(refused({"bans", "lobby"}), "unexpected argument 'lobby'");
    EXPECT_EQ(refused({"ban", "a\tb"}),
              "invalid user name 'a\tb': user must be a user name of 1 to 128 printable bytes");
    EXPECT_EQ(refused({"ban", std::string(129, 'a')}).substr(0, 18), "invalid user name ");
    EXPECT_EQ(refused({"ban", "a", "--room", "bad room"}).substr(0, 30),
              "invalid room name 'bad room': ");
    EXPECT_EQ(refused({"ban", "a", "--room"}), "--room needs a room");
    const std::string seconds = "--duration needs a whole number of seconds from 1 to 315360000 "
                                "(leave it out for a permanent one), not ";
    EXPECT_EQ(refused({"ban", "a", "--duration", "0"}), seconds + "'0'");
    EXPECT_EQ(refused({"mute", "a", "--duration", "315360001"}), seconds + "'315360001'");
    EXPECT_EQ(refused({"mute", "a", "--duration", "10m"}), seconds + "'10m'");
    EXPECT_EQ(refused({"ban", "a", "--reason", std::string(501, 'x')}),
              "--reason must be printable and at most 500 bytes");
    EXPECT_EQ(parsed({"ban", "a", "--reason", std::string(500, 'x')}).moderation.reason.size(),
              500u);
    EXPECT_EQ(refused({"ban", "a", "--by", ""}), "--by must be a name of 1 to 128 printable bytes");
    EXPECT_EQ(refused({"audit", "--before", "0"}),
              "--before needs an audit id (a whole number from 1)");
    EXPECT_EQ(refused({"audit", "--limit", "0"}),
              "--limit needs a whole number from 1 to 10000, not '0'");
    EXPECT_EQ(refused({"kick", "a"}),
              "unknown command 'kick': give history, rooms, deletions, user, ban, "
              "unban, mute, unmute, bans or audit");
}

TEST(ChatctlModerationOptions, RefusesOptionsOfOtherCommands) {
    EXPECT_EQ(refused({"unban", "a", "--duration", "5"}), "--duration is not an option of unban");
    EXPECT_EQ(refused({"unmute", "a", "--reason", "x"}), "--reason is not an option of unmute");
    EXPECT_EQ(refused({"bans", "--by", "x"}), "--by is not an option of bans");
    EXPECT_EQ(refused({"audit", "--room", "lobby"}), "--room is not an option of audit");
    EXPECT_EQ(refused({"audit", "--limit", "3", "--from", "a"}),
              "--from is an option of history, not of audit");
    EXPECT_EQ(refused({"ban", "a", "--limit", "3"}), "--limit is an option of history, not of ban");
    EXPECT_EQ(refused({"ban", "a", "--json"}), "--json is an option of bans and audit, not of ban");
    EXPECT_EQ(refused({"ban", "a", "--role", "admin"}),
              "--role is an option of user add, not of ban");
    EXPECT_EQ(refused({"history", "r", "--room", "x"}), "--room is not an option of history");
    EXPECT_EQ(refused({"user", "list", "--by", "x"}), "--by is not an option of user");
}

} // namespace
} // namespace chatd::chatctl
