// The real chatctl binary against history databases the store wrote: its
// output in both modes, each anchor, the rooms list, every error a user can
// make or meet (message and exit code), and reading while a store appends.
#include "store_fixture.hpp"

#include <chatd/storage/database.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <thread>

namespace chatd::history {
namespace {

namespace fs = std::filesystem;
using test::ProgramOutput;

constexpr int64_t kDec1At10 = 1'796'119'200'000; // 2026-12-01T10:00:00Z

class ChatctlTest : public StoreTest {
protected:
    ChatctlTest() { now_ms = kDec1At10; }

    static ProgramOutput chatctl(const std::vector<std::string> &args,
                                 const std::optional<fs::path> &cwd = std::nullopt) {
        return test::run_program(CHATCTL_BINARY, args, cwd);
    }
    // chatctl on the fixture's database.
    ProgramOutput on_db(std::vector<std::string> args) const {
        args.insert(args.begin(), {"--db", path.string()});
        return chatctl(args);
    }
    // Messages 1..n in `room`, one second apart, text "message <seq>".
    void fill(const std::string &room, int n) {
        for (int i = 1; i <= n; ++i) {
            stored(room, "message " + std::to_string(i), i % 2 ? "alice" : "bob");
            now_ms += 1000;
        }
    }
    static std::vector<uint64_t> json_seqs(const std::string &out) {
        std::vector<uint64_t> seqs;
        std::istringstream lines(out);
        for (std::string line; std::getline(lines, line);)
            seqs.push_back(nlohmann::json::parse(line).at("seq").get<uint64_t>());
        return seqs;
    }
    static void expect_exit(const ProgramOutput &run, int code) {
        EXPECT_EQ(run.status.code, code) << run.status << "\nstdout:\n"
                                         << run.out << "stderr:\n"
                                         << run.err;
    }
};

TEST_F(ChatctlTest, PrintsTheLatestMessagesAsAnAlignedTable) {
    stored("lobby", "hello");
    now_ms += 1'500;
    stored("lobby", "two\nlines\tand a tab", "bobby");
    const ProgramOutput run = on_db({"history", "lobby"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, "SEQ  TIME                      FROM   TEXT\n"
                       "  1  2026-12-01T10:00:00.000Z  alice  hello\n"
                       "  2  2026-12-01T10:00:01.500Z  bobby  two\\nlines\\tand a tab\n");
    EXPECT_EQ(run.err, "");
}

TEST_F(ChatctlTest, JsonIsTheLiveMessageEventOnePerLine) {
    ASSERT_TRUE(std::holds_alternative<Committed>(
        append("dev", "hi\nthere", "bob", R"({"mood":"ok","n":2})")));
    now_ms += 7;
    stored("dev", "plain");
    const ProgramOutput run = on_db({"history", "dev", "--json"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, R"({"type":"message","room":"dev","seq":1,"from":"bob","text":"hi\nthere",)"
                       R"("ts":"2026-12-01T10:00:00.000Z","mood":"ok","n":2})"
                       "\n"
                       R"({"type":"message","room":"dev","seq":2,"from":"alice","text":"plain",)"
                       R"("ts":"2026-12-01T10:00:00.007Z"})"
                       "\n");
    EXPECT_EQ(run.err, "");
}

TEST_F(ChatctlTest, LatestBeforeAndAfterPageThroughARoom) {
    fill("r", 5);
    fill("other", 2);
    ProgramOutput run = on_db({"history", "r", "--json", "--limit", "2"});
    expect_exit(run, 0);
    EXPECT_EQ(json_seqs(run.out), (std::vector<uint64_t>{4, 5}));
    EXPECT_EQ(run.err, "(more: use --before 4)\n");

    run = on_db({"history", "r", "--json", "--limit", "2", "--before", "4"});
    EXPECT_EQ(json_seqs(run.out), (std::vector<uint64_t>{2, 3}));
    EXPECT_EQ(run.err, "(more: use --before 2)\n");

    run = on_db({"history", "r", "--json", "--limit=2", "--before=2"});
    EXPECT_EQ(json_seqs(run.out), (std::vector<uint64_t>{1}));
    EXPECT_EQ(run.err, "");

    run = on_db({"history", "r", "--json", "--after", "1", "--limit", "3"});
    EXPECT_EQ(json_seqs(run.out), (std::vector<uint64_t>{2, 3, 4}));
    EXPECT_EQ(run.err, "(more: use --after 4)\n");

    run = on_db({"history", "r", "--json", "--after", "4", "--latest"});
    expect_exit(run, 2); // two anchors
}

TEST_F(ChatctlTest, TheTableSaysWhereMoreIsOnStderr) {
    fill("r", 3);
    const ProgramOutput run = on_db({"history", "r", "--after", "0", "--limit", "1"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, "SEQ  TIME                      FROM   TEXT\n"
                       "  1  2026-12-01T10:00:00.000Z  alice  message 1\n");
    EXPECT_EQ(run.err, "(more: use --after 1)\n");
}

TEST_F(ChatctlTest, ARoomWithoutMessagesIsAnEmptyResultNotAnError) {
    fill("r", 1);
    ProgramOutput run = on_db({"history", "nobody"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "no messages\n");
    run = on_db({"history", "nobody", "--json"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "");
    run = on_db({"history", "r", "--after", "1"});
    expect_exit(run, 0);
    EXPECT_EQ(run.err, "no messages\n");
}

TEST_F(ChatctlTest, RoomsListsEachRoomWithCountLastSeqTimeAndEpoch) {
    const std::string lobby_epoch = stored("lobby", "a").epoch;
    stored("lobby", "b");
    now_ms += 61'000;
    const std::string dev_epoch = stored("dev", "c").epoch;
    ProgramOutput run = on_db({"rooms"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, "ROOM   MESSAGES  LAST_SEQ  LAST_TIME                 EPOCH\n"
                       "dev           1         1  2026-12-01T10:01:01.000Z  " +
                           dev_epoch +
                           "\n"
                           "lobby         2         2  2026-12-01T10:00:00.000Z  " +
                           lobby_epoch + "\n");
    run = on_db({"rooms", "--json"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, R"({"room":"dev","messages":1,"last_seq":1,)"
                       R"("last_ts":"2026-12-01T10:01:01.000Z","epoch":")" +
                           dev_epoch + "\"}\n" +
                           R"({"room":"lobby","messages":2,"last_seq":2,)"
                           R"("last_ts":"2026-12-01T10:00:00.000Z","epoch":")" +
                           lobby_epoch + "\"}\n");
}

TEST_F(ChatctlTest, RoomsOfAnEmptyHistoryIsAnEmptyResult) {
    ProgramOutput run = on_db({"rooms"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "no rooms\n");
    run = on_db({"rooms", "--json"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out + run.err, "");
}

TEST_F(ChatctlTest, DeletionsListWhoDeletedWhoseMessageWhereAndWhyNewestFirst) {
    fill("lobby", 3);
    ProgramOutput run = on_db({"deletions"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out + run.err, "no deletions\n");
    ASSERT_TRUE(std::holds_alternative<Deleted>(remove("lobby", 1, "max", "spam\nagain")));
    now_ms += 1000;
    ASSERT_TRUE(std::holds_alternative<Deleted>(remove("lobby", 2, "ann", std::nullopt)));
    run = on_db({"deletions"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, "TIME                      BY   USER   ROOM   SEQ  REASON\n"
                       "2026-12-01T10:00:04.000Z  ann  bob    lobby    2  -\n"
                       "2026-12-01T10:00:03.000Z  max  alice  lobby    1  spam\\nagain\n");
    EXPECT_EQ(run.err, "");
    run = on_db({"deletions", "--limit", "1", "--json"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, R"({"at_ms":1796119204000,"by":"ann","action":"delete","user":"bob",)"
                       R"("room":"lobby","seq":2})"
                       "\n");
    EXPECT_EQ(run.err, "(more: raise --limit)\n");
    run = on_db({"deletions", "--from", "ann"});
    expect_exit(run, 2);
    EXPECT_NE(run.err.find("--from is an option of history, not of deletions"), std::string::npos)
        << run.err;
}

TEST_F(ChatctlTest, TheConfigNamesTheDatabaseRelativeToItself) {
    fill("r", 1);
    const fs::path config =
        dir.write("chatd.toml", "[plugins.history]\ndatabase = \"data/history.db\"\n");
    const ProgramOutput run = chatctl({"history", "r", "--json", "--config", config.string()});
    expect_exit(run, 0);
    EXPECT_EQ(json_seqs(run.out), (std::vector<uint64_t>{1}));
}

TEST_F(ChatctlTest, WithoutDbOrConfigTheDefaultIsInTheWorkingDirectory) {
    const fs::path cwd = dir.path() / "cwd";
    store = std::make_unique<SqliteHistoryStore>(SqliteOptions{.path = cwd / "chatd-history.db"});
    stored("here", "found");
    ProgramOutput run = chatctl({"rooms", "--json"}, cwd);
    expect_exit(run, 0);
    EXPECT_EQ(nlohmann::json::parse(run.out).at("room"), "here");
    // Beside a config without the key, as the plugin does.
    const fs::path config = dir.write("cwd/chatd.toml", "[server]\nport = 0\n");
    run = chatctl({"rooms", "--json", "--config", config.string()});
    expect_exit(run, 0);
    EXPECT_EQ(nlohmann::json::parse(run.out).at("room"), "here");
}

TEST_F(ChatctlTest, HelpPrintsUsage) {
    for (const auto &args : {std::vector<std::string>{"--help"}, {"history", "--help"}}) {
        const ProgramOutput run = chatctl(args);
        expect_exit(run, 0);
        EXPECT_EQ(run.out.rfind("usage: chatctl", 0), 0u) << run.out;
        EXPECT_EQ(run.err, "");
    }
    EXPECT_NE(chatctl({"history", "--help"}).out.find("--since TIME"), std::string::npos);
    EXPECT_NE(chatctl({"rooms", "--help"}).out.find("usage: chatctl rooms"), std::string::npos);
}

TEST_F(ChatctlTest, UsageErrorsExitTwoWithOneLine) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"history", "r", "--bogus"}, "unknown option '--bogus'"},
        {{"history", "r", "--before"}, "--before needs a seq"},
        {{"history", "r", "--limit", "0"}, "--limit needs a whole number from 1 to 10000, not '0'"},
        {{"history", "r", "--after", "-3"},
         "--after needs a seq (a whole number from 0), not '-3'"},
        {{"history", "r", "--since", "yesterday"},
         "--since needs an RFC 3339 time such as 2026-12-01T10:00:00Z, not 'yesterday'"},
        {{"history"}, "history needs a room"},
        {{},
         "no command: give history, rooms, deletions, user, ban, unban, mute, unmute, bans or "
         "audit"},
        {{"frobnicate"},
         "unknown command 'frobnicate': give history, rooms, deletions, user, ban, unban, mute, "
         "unmute, bans "
         "or audit"},
    };
    for (const auto &[args, message] : cases) {
        const ProgramOutput run = on_db(args);
        expect_exit(run, 2);
        EXPECT_EQ(run.err, "chatctl: " + message + " (see chatctl --help)\n");
        EXPECT_EQ(run.out, "");
    }
}

TEST_F(ChatctlTest, AMissingDatabaseIsAnErrorAndIsNotCreated) {
    const fs::path missing = dir.path() / "nowhere.db";
    ProgramOutput run = chatctl({"history", "r", "--db", missing.string()});
    expect_exit(run, 1);
    EXPECT_EQ(run.err, "chatctl: " + missing.string() +
                           ": no such file (name the database with --db, or chatd's config with "
                           "--config)\n");
    EXPECT_EQ(run.out, "");
    EXPECT_FALSE(fs::exists(missing));
    // Nor beside a config that does not name one.
    const fs::path config = dir.write("chatd.toml", "");
    run = chatctl({"rooms", "--config", config.string()});
    expect_exit(run, 1);
    EXPECT_EQ(run.err.rfind(
                  "chatctl: " + (dir.path() / "chatd-history.db").string() + ": no such file", 0),
              0u)
        << run.err;
    EXPECT_FALSE(fs::exists(dir.path() / "chatd-history.db"));
}

TEST_F(ChatctlTest, AFileThatIsNoDatabaseIsAnErrorNamingIt) {
    const fs::path text = dir.write("notes.db", std::string(4096, 'x'));
    const ProgramOutput run = chatctl({"history", "r", "--db", text.string()});
    expect_exit(run, 1);
    EXPECT_EQ(run.err.rfind("chatctl: " + text.string() + ": not a SQLite database", 0), 0u)
        << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
    EXPECT_EQ(run.out, "");
    const ProgramOutput directory = chatctl({"rooms", "--db", dir.path().string()});
    expect_exit(directory, 1);
    EXPECT_EQ(directory.err, "chatctl: " + dir.path().string() + ": not a regular file\n");
}

TEST_F(ChatctlTest, ADatabaseWithoutHistoryTablesIsAnErrorNamingIt) {
    const fs::path other = dir.path() / "other.db";
    storage::Database(other).exec("CREATE TABLE t(x)");
    const std::string expected = "chatctl: " + other.string() +
                                 ": not a chatd history database (it has no history tables)\n";
    for (const auto &command : {std::vector<std::string>{"history", "r"}, {"rooms"}}) {
        std::vector<std::string> args = command;
        args.insert(args.end(), {"--db", other.string()});
        const ProgramOutput run = chatctl(args);
        expect_exit(run, 1);
        EXPECT_EQ(run.err, expected);
        EXPECT_EQ(run.out, "");
    }
    const fs::path empty = dir.write("empty.db", "");
    const ProgramOutput run = chatctl({"rooms", "--db", empty.string()});
    expect_exit(run, 1);
    EXPECT_EQ(run.err, "chatctl: " + empty.string() +
                           ": not a chatd history database (it has no history tables)\n");
}

TEST_F(ChatctlTest, AConfigThatDoesNotParseIsAnErrorNamingFileAndLine) {
    const fs::path config = dir.write("chatd.toml", "[server]\nport = 0\n\nport = = 1\n");
    const ProgramOutput run = chatctl({"rooms", "--config", config.string()});
    expect_exit(run, 1);
    EXPECT_EQ(run.err.rfind("chatctl: " + config.string() + ":4:", 0), 0u) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1);
}

TEST_F(ChatctlTest, ReadsWhileAStoreAppendsAndWhileAWriterHoldsItsLock) {
    fill("busy", 3);
    std::atomic<uint64_t> committed{3};
    std::atomic<bool> stop{false};
    std::thread appender([&] {
        while (!stop)
            committed = stored("busy", "more").seq;
    });
    for (int run_number = 0; run_number < 5; ++run_number) {
        const uint64_t before = committed;
        const ProgramOutput run = on_db({"history", "busy", "--json", "--limit", "10000"});
        const uint64_t after = committed;
        expect_exit(run, 0);
        const std::vector<uint64_t> seqs = json_seqs(run.out);
        if (seqs.empty()) {
            ADD_FAILURE() << "read nothing: " << run.err;
            break;
        }
        // One snapshot: every seq from 1, none missing, none not yet committed.
        EXPECT_EQ(seqs.front(), 1u);
        EXPECT_EQ(seqs.back(), seqs.size());
        EXPECT_GE(seqs.back(), before);
        EXPECT_LE(seqs.back(), after + 1); // the append whose seq is not yet counted
        // The appender moved on meanwhile, or this loop is not testing overlap.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (committed == after && std::chrono::steady_clock::now() < deadline)
            std::this_thread::yield();
        if (committed == after) {
            ADD_FAILURE() << "the store appended nothing for 10 s";
            break;
        }
    }
    stop = true;
    appender.join();

    // Another connection in the middle of a write: chatctl reads the last
    // commit without waiting for it and without taking a lock of its own.
    storage::Database writer(path);
    writer.exec("BEGIN IMMEDIATE; DELETE FROM history_messages;");
    const ProgramOutput run = on_db({"rooms", "--json"});
    expect_exit(run, 0);
    EXPECT_EQ(nlohmann::json::parse(run.out).at("messages"), committed.load());
    writer.exec("ROLLBACK");
    EXPECT_EQ(stored("busy", "after").seq, committed + 1);
}

} // namespace
} // namespace chatd::history
