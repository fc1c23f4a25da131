// The real chatctl binary's moderation commands against real files, no
// server: each change as the moderation store reads it back, with its audit
// entry, the listings in text and JSON, lifting nothing refused, usage errors
// and a bad [plugins.moderation] named by file and line. (moderation_test.cpp
// has chatctl change a running chatd's database.)
#include "core/timestamp.hpp"
#include "sanction_store.hpp"
#include "support/chatd_process.hpp"

#include <chatd/storage/database.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

namespace chatd::moderation {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::ProgramOutput;
using Words = std::vector<std::string>;

class ChatctlModerationTest : public ::testing::Test {
protected:
    // chatctl ARGS --config <the test's config>.
    ProgramOutput chatctl(std::vector<std::string> args) const {
        args.insert(args.end(), {"--config", config.string()});
        return test::run_program(CHATCTL_BINARY, args);
    }
    static void expect_exit(const ProgramOutput &run, int code) {
        EXPECT_EQ(run.status.code, code) << run.status << "\nstdout:\n"
                                         << run.out << "stderr:\n"
                                         << run.err;
    }
    void done(std::vector<std::string> args) const {
        const ProgramOutput run = chatctl(std::move(args));
        expect_exit(run, 0);
        EXPECT_EQ(run.out + run.err, "");
    }
    // What the plugin would read at start.
    std::vector<Sanction> sanctions() const {
        storage::Database db(database);
        return read_sanctions(db);
    }
    std::vector<AuditEntry> audit() const {
        storage::Database db(database);
        return read_audit(db, 0, 100);
    }
    // A table's lines, each split into its cells (no cell here has a space).
    static std::vector<Words> cells(const std::string &text) {
        std::vector<Words> rows;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            std::istringstream words(line);
            rows.emplace_back(std::istream_iterator<std::string>(words),
                              std::istream_iterator<std::string>());
        }
        return rows;
    }
    static std::vector<json> json_lines(const std::string &text) {
        std::vector<json> out;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);)
            out.push_back(json::parse(line));
        return out;
    }

    test::TempDir dir;
    fs::path config = dir.write("chatd.toml", "[plugins.moderation]\n"
                                              "database = \"data/moderation.db\"\n");
    fs::path database = dir.path() / "data" / "moderation.db";
};

TEST_F(ChatctlModerationTest, ABanWithDurationAndReasonIsStoredWithItsAuditEntry) {
    const int64_t before = unix_ms_now();
    done({"ban", "bob", "--room", "lobby", "--duration", "600", "--reason", "spam", "--by", "mia"});
    const std::vector<Sanction> stored = sanctions();
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].kind, Kind::Ban);
    EXPECT_EQ(stored[0].room, "lobby");
    EXPECT_EQ(stored[0].user, "bob");
    EXPECT_EQ(stored[0].by, "mia");
    EXPECT_EQ(stored[0].reason, "spam");
    EXPECT_GE(stored[0].created_ms, before);
    EXPECT_EQ(stored[0].expires_ms - stored[0].created_ms, 600'000);
    const std::vector<AuditEntry> log = audit();
    ASSERT_EQ(log.size(), 1u);
    EXPECT_EQ(log[0].action, "ban");
    EXPECT_EQ(log[0].by, "mia");
    EXPECT_EQ(log[0].user, "bob");
    EXPECT_EQ(log[0].room, "lobby");
    EXPECT_EQ(log[0].reason, "spam");
    EXPECT_EQ(log[0].duration_s, 600);
    EXPECT_EQ(log[0].at_ms, stored[0].created_ms);
}

TEST_F(ChatctlModerationTest, BansListsWhatHoldsInTextAndJson) {
    done({"ban", "bob"});
    done({"mute", "eve", "--room", "lobby", "--duration", "60", "--reason", "calm"});
    done({"mute", "ann", "--room", "other"});

    ProgramOutput run = chatctl({"bans"});
    expect_exit(run, 0);
    EXPECT_EQ(cells(run.out),
              (std::vector<Words>{
                  {"KIND", "ROOM", "USER", "BY", "REASON", "EXPIRES"},
                  {"ban", "(server)", "bob", "chatctl", "-", "never"},
                  {"mute", "lobby", "eve", "chatctl", "calm", cells(run.out).at(2).back()},
                  {"mute", "other", "ann", "chatctl", "-", "never"}}));
    const auto expires = parse_rfc3339_ms(cells(run.out).at(2).back());
    ASSERT_TRUE(expires) << run.out;
    EXPECT_NEAR(static_cast<double>(*expires - unix_ms_now()), 60'000.0, 10'000.0);

    // A room's view: its own and the server-wide ones.
    run = chatctl({"bans", "--room", "lobby", "--json"});
    expect_exit(run, 0);
    const std::vector<json> lines = json_lines(run.out);
    ASSERT_EQ(lines.size(), 2u) << run.out;
    EXPECT_EQ(lines[0]["kind"], "ban");
    EXPECT_TRUE(lines[0]["room"].is_null());
    EXPECT_EQ(lines[0]["user"], "bob");
    EXPECT_EQ(lines[0]["by"], "chatctl");
    EXPECT_TRUE(lines[0]["expires"].is_null());
    EXPECT_EQ(lines[1]["kind"], "mute");
    EXPECT_EQ(lines[1]["room"], "lobby");
    EXPECT_EQ(lines[1]["reason"], "calm");
    EXPECT_EQ(lines[1]["expires"], cells(chatctl({"bans"}).out).at(2).back());
}

TEST_F(ChatctlModerationTest, UnbanLiftsAndLiftingNothingIsARuntimeError) {
    done({"ban", "bob", "--room", "lobby"});
    done({"unban", "BOB", "--room", "lobby"}); // user names compare without case
    EXPECT_TRUE(sanctions().empty());
    ProgramOutput run = chatctl({"bans"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "no bans or mutes\n");

    run = chatctl({"unban", "bob", "--room", "lobby"});
    expect_exit(run, 1);
    EXPECT_EQ(run.err, "chatctl: bob is not banned from room lobby\n");
    run = chatctl({"unmute", "bob"});
    expect_exit(run, 1);
    EXPECT_EQ(run.err, "chatctl: bob is not muted server-wide\n");
    // Neither failure is in the audit log.
    EXPECT_EQ(audit().size(), 2u);
}

TEST_F(ChatctlModerationTest, UnmuteLiftsAShadowMuteToo) {
    done({"mute", "bob"});
    {
        storage::Database db(database);
        write_sanction(db, {.kind = Kind::ShadowMute, .room = "lobby", .user = "eve", .by = "mia"},
                       {.by = "mia", .action = "shadow_mute", .user = "eve", .room = "lobby"});
    }
    done({"unmute", "eve", "--room", "lobby"});
    const std::vector<Sanction> left = sanctions();
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].user, "bob");
    EXPECT_EQ(audit().front().action, "unmute");
}

TEST_F(ChatctlModerationTest, AuditListsTheEntriesNewestFirstAndPages) {
    done({"ban", "bob", "--duration", "30", "--reason", "spam", "--by", "mia"});
    done({"mute", "eve", "--room", "lobby"});
    done({"unban", "bob"});

    ProgramOutput run = chatctl({"audit"});
    expect_exit(run, 0);
    const std::vector<Words> rows = cells(run.out);
    ASSERT_EQ(rows.size(), 4u) << run.out;
    EXPECT_EQ(rows[0], (Words{"ID", "TIME", "BY", "ACTION", "USER", "ROOM", "REASON", "DURATION"}));
    EXPECT_EQ(rows[1], (Words{"3", rows[1][1], "chatctl", "unban", "bob", "(server)", "-", "-"}));
    EXPECT_EQ(rows[2], (Words{"2", rows[2][1], "chatctl", "mute", "eve", "lobby", "-", "-"}));
    EXPECT_EQ(rows[3], (Words{"1", rows[3][1], "mia", "ban", "bob", "(server)", "spam", "30"}));
    EXPECT_TRUE(parse_rfc3339_ms(rows[3][1]));

    run = chatctl({"audit", "--limit", "2", "--json"});
    expect_exit(run, 0);
    std::vector<json> lines = json_lines(run.out);
    ASSERT_EQ(lines.size(), 2u) << run.out;
    EXPECT_EQ(lines[0]["id"], 3);
    EXPECT_EQ(lines[0]["action"], "unban");
    EXPECT_TRUE(lines[0]["room"].is_null());
    EXPECT_EQ(lines[1]["id"], 2);
    EXPECT_EQ(lines[1]["room"], "lobby");
    EXPECT_EQ(run.err, "(more: use --before 2)\n");

    run = chatctl({"audit", "--before", "2", "--json"});
    expect_exit(run, 0);
    lines = json_lines(run.out);
    ASSERT_EQ(lines.size(), 1u) << run.out;
    EXPECT_EQ(lines[0]["id"], 1);
    EXPECT_EQ(lines[0]["by"], "mia");
    EXPECT_EQ(lines[0]["duration_s"], 30);
    EXPECT_EQ(run.err, "");
}

TEST_F(ChatctlModerationTest, ABadRoomNameIsAUsageErrorAndWritesNothing) {
    const ProgramOutput run = chatctl({"ban", "bob", "--room", "bad room"});
    expect_exit(run, 2);
    EXPECT_TRUE(run.err.starts_with("chatctl: invalid room name 'bad room': ")) << run.err;
    EXPECT_TRUE(run.err.ends_with(" (see chatctl --help)\n")) << run.err;
    EXPECT_EQ(run.err.find('\n'), run.err.size() - 1);
    EXPECT_FALSE(fs::exists(database));
}

TEST_F(ChatctlModerationTest, ABadConfigValueIsAnErrorNamingFileAndLine) {
    const fs::path bad = dir.write("bad.toml", "[plugins.moderation]\n\nreload_interval_ms = 5\n");
    const ProgramOutput run = test::run_program(CHATCTL_BINARY, {"bans", "--config", bad.string()});
    expect_exit(run, 1);
    EXPECT_TRUE(run.err.starts_with("chatctl: " + bad.string() + ":3:")) << run.err;
    EXPECT_NE(run.err.find("'reload_interval_ms' must be between 100 and 60000, got 5"),
              std::string::npos)
        << run.err;
    const ProgramOutput unknown = test::run_program(
        CHATCTL_BINARY,
        {"ban", "bob", "--config",
         dir.write("typo.toml", "[plugins.moderation]\ndatabse = \"x\"\n").string()});
    expect_exit(unknown, 1);
    EXPECT_TRUE(unknown.err.starts_with("chatctl: " + (dir.path() / "typo.toml").string() + ":2:"))
        << unknown.err;
    EXPECT_FALSE(fs::exists(dir.path() / "chatd-moderation.db"));
}

TEST_F(ChatctlModerationTest, ListingAFileThatIsNotAModerationDatabaseFails) {
    const ProgramOutput missing = chatctl({"bans"});
    expect_exit(missing, 1);
    EXPECT_NE(missing.err.find("no such file"), std::string::npos) << missing.err;
    { storage::Database other(dir.path() / "other.db"); }
    const ProgramOutput other =
        test::run_program(CHATCTL_BINARY, {"audit", "--db", (dir.path() / "other.db").string()});
    expect_exit(other, 1);
    EXPECT_EQ(other.err, "chatctl: " + (dir.path() / "other.db").string() +
                             ": not a chatd moderation database (it has no moderation tables)\n");
}

} // namespace
} // namespace chatd::moderation
