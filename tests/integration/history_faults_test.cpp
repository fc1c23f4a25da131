// History when its database fails. At start-up chatd refuses to run
// without it, exiting non-zero with one line that names the file. While it
// runs, a fault costs only the messages it hits: their senders get an error
// instead of an ack, nobody receives them, everything else keeps working,
// and writing resumes by itself once the fault clears, with the next seq.
#include "history_fixture.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/transaction.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <linux/fs.h>
#include <optional>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace chatd::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Sets or clears a file's immutable attribute (chattr +i); false with errno
// when the filesystem or the process's capabilities do not allow it.
bool set_immutable(const fs::path &file, bool immutable) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    int flags = 0;
    bool done = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (done) {
        flags = immutable ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
        done = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    const int error = errno;
    ::close(fd);
    errno = error;
    return done;
}

// Files nobody may write, root included and through descriptors already
// open (ext4 checks the attribute at every write): what a read-only file
// is to a process that runs as root, where permission bits change nothing.
// Cleared again when it goes, so that the files can be removed.
class Immutable {
public:
    explicit Immutable(std::vector<fs::path> files) : files_(std::move(files)) {
        for (const fs::path &file : files_)
            if (!set_immutable(file, true))
                throw std::runtime_error("chattr +i " + file.string() + ": " +
                                         std::strerror(errno));
    }
    ~Immutable() {
        for (const fs::path &file : files_)
            set_immutable(file, false);
    }
    Immutable(const Immutable &) = delete;
    Immutable &operator=(const Immutable &) = delete;

private:
    std::vector<fs::path> files_;
};

// Why immutable files cannot be had here, or nullopt when they can.
std::optional<std::string> immutable_unsupported(const fs::path &dir) {
    const fs::path probe = dir / "immutable-probe";
    std::ofstream(probe).put('x');
    if (!set_immutable(probe, true))
        return "cannot set the immutable attribute (chattr +i) in " + dir.string() + ": " +
               std::strerror(errno) + "; it needs CAP_LINUX_IMMUTABLE and ext2/3/4, xfs or btrfs";
    set_immutable(probe, false);
    fs::remove(probe);
    return std::nullopt;
}

// ---- faults at start-up: chatd exits, naming the file ----

class HistoryStartTest : public HistoryTest {
protected:
    // chatd run to its end with `lines` added to [plugins.history]; it must
    // refuse to start with one line naming the history plugin and stating
    // each of `facts`.
    void expect_refused_start(const std::string &lines, std::initializer_list<std::string> facts) {
        ChatdConfig refused = config();
        refused.tables += lines;
        const RunResult r = run_chatd_with(refused);
        EXPECT_EQ(r.status.code, 1) << r.output;
        const auto why = lines_with(r.output, "cannot start: plugin history from ");
        ASSERT_EQ(why.size(), 1u) << r.output;
        for (const std::string &fact : facts)
            EXPECT_NE(why[0].find(fact), std::string::npos) << fact << "\n" << why[0];
        EXPECT_TRUE(lines_with(r.output, "listening on").empty()) << r.output;
    }
};

TEST_F(HistoryStartTest, ACorruptFileStopsChatdNamingIt) {
    data.write("history.db", std::string(8192, '\x5a'));
    expect_refused_start("", {database.string() + ": opening", "file is not a database"});
}

TEST_F(HistoryStartTest, APathThatCannotBeCreatedStopsChatdNamingIt) {
    database = "/proc/chatd-history/history.db";
    expect_refused_start("", {"cannot create the directory of " + database.string()});
}

TEST_F(HistoryStartTest, AFileLockedLongerThanBusyTimeoutStopsChatdNamingIt) {
    // Another process holds the write lock for longer than chatd waits.
    storage::Database other(database);
    storage::Transaction lock(other, storage::Transaction::Kind::Immediate);
    expect_refused_start("busy_timeout_ms = 50\n",
                         {database.string() + ": ", "database is locked"});
}

TEST_F(HistoryStartTest, AReadOnlyFileStopsChatdNamingIt) {
    if (auto why = immutable_unsupported(data.path())) GTEST_SKIP() << *why;
    storage::Database{database}; // an empty database, closed
    const Immutable read_only({database});
    expect_refused_start("", {database.string() + ": ", "readonly"});
}

TEST_F(HistoryStartTest, AnInvalidSynchronousStopsChatdNamingTheSetting) {
    expect_refused_start("synchronous = \"sometimes\"\n",
                         {"synchronous must be \"full\" or \"normal\", not \"sometimes\""});
}

// ---- faults while chatd runs: errors until they clear ----

constexpr const char *kFailingLine = "failing: messages are stored no more";
constexpr const char *kWorkingLine = "working again: messages are stored";

class HistoryFaultTest : public HistoryTest {
protected:
    // With fault() in effect, messages are refused with `code` and reach
    // nobody while pings, joins, presence and history reads still work, and
    // one log line says storing fails; once clear() has run the next message
    // is acked with the next seq, stored and delivered, and one line says so.
    void expect_refused_until_cleared(const std::string &code, const std::function<void()> &fault,
                                      const std::function<void()> &clear) {
        Guest &alice = connect_guest();
        Guest &bob = connect_guest();
        ASSERT_EQ(say(alice.ws, "stored before")["seq"], 1);
        ASSERT_TRUE(bob.ws.wait_for(has_fields({{"type", "message"}, {"seq", 1}})));

        fault();
        for (const char *text : {"unstored one", "unstored two"}) {
            const json refused = say(alice.ws, text);
            EXPECT_EQ(refused.value("type", ""), "error") << refused;
            EXPECT_EQ(refused.value("code", ""), code) << refused;
            EXPECT_NE(refused.value("message", "").find("not stored"), std::string::npos)
                << refused;
        }
        EXPECT_TRUE(answers_ping(alice.ws));
        EXPECT_TRUE(answers_ping(bob.ws));
        Guest &carol = connect_guest(); // joins the default room
        EXPECT_TRUE(bob.ws.wait_for(
            has_fields({{"type", "presence"}, {"event", "join"}, {"user", carol.user}})));
        const json page =
            request(bob.ws, {{"type", "history"}, {"room", "lobby"}, {"latest", true}});
        ASSERT_EQ(page.value("type", ""), "history") << page;
        ASSERT_EQ(page["messages"].size(), 1u) << page;
        EXPECT_EQ(page["messages"][0]["text"], "stored before");
        ASSERT_TRUE(server().wait_for_log(kFailingLine)) << server().log_text();

        clear();
        const json ack = say(alice.ws, "stored after");
        EXPECT_EQ(ack.value("type", ""), "ack") << ack;
        EXPECT_EQ(ack["seq"], 2) << "a refused message used a seq";
        // A room's messages reach a member in order: bob's frames up to seq 2
        // hold every message the room delivered since seq 1.
        for (;;) {
            const std::optional<json> frame = bob.ws.recv_json();
            ASSERT_TRUE(frame) << bob.ws.transcript();
            if (frame->value("type", "") != "message") continue;
            ASSERT_EQ((*frame)["seq"], 2) << *frame;
            EXPECT_EQ((*frame)["text"], "stored after");
            break;
        }
        const auto rows = stored("lobby");
        ASSERT_EQ(rows.size(), 2u);
        EXPECT_EQ(rows.at(2).text, "stored after");
        ASSERT_TRUE(server().wait_for_log(kWorkingLine)) << server().log_text();
        const std::string log = server().log_text();
        EXPECT_EQ(lines_with(log, kFailingLine).size(), 1u) << log;
        EXPECT_EQ(lines_with(log, kWorkingLine).size(), 1u) << log;
    }

    // The largest file chatd may write, on the running process (prlimit(2),
    // so the test can lift it again).
    void limit_file_size(rlim_t bytes) {
        const rlimit limit{bytes, RLIM_INFINITY};
        ASSERT_EQ(::prlimit(server().pid(), RLIMIT_FSIZE, &limit, nullptr), 0)
            << std::strerror(errno);
    }

    fs::path wal() const { return database.string() + "-wal"; }
};

TEST_F(HistoryFaultTest, AFullDiskRefusesMessagesUntilThereIsRoomAgain) {
    start(config());
    expect_refused_until_cleared(
        "not_stored",
        [&] {
            // Commits append to the WAL: capped at its size, the next one
            // cannot grow it. chatd's log, a file too, stays under the cap.
            const auto cap = fs::file_size(wal());
            ASSERT_LT(server().log_text().size() + 4096, cap);
            limit_file_size(cap);
        },
        [&] { limit_file_size(RLIM_INFINITY); });
}

TEST_F(HistoryFaultTest, AFileThatBecomesReadOnlyRefusesMessagesUntilItIsWritable) {
    if (auto why = immutable_unsupported(data.path())) GTEST_SKIP() << *why;
    start(config());
    std::optional<Immutable> read_only;
    expect_refused_until_cleared(
        "not_stored",
        [&] {
            read_only.emplace(std::vector<fs::path>{database, wal()});
        },
        [&] { read_only.reset(); });
}

TEST_F(HistoryFaultTest, ALockHeldLongerThanBusyTimeoutRefusesMessagesUntilItIsReleased) {
    ChatdConfig quick = config();
    quick.tables += "busy_timeout_ms = 100\n";
    start(quick);
    std::optional<storage::Database> other;
    std::optional<storage::Transaction> lock;
    expect_refused_until_cleared(
        "busy",
        [&] {
            other.emplace(database);
            lock.emplace(*other, storage::Transaction::Kind::Immediate);
        },
        [&] {
            lock.reset();
            other.reset();
        });
}

} // namespace
} // namespace chatd::test
