// What the history store's indexes cost an append, and what its reads cost
// on a big database. Appends go through the real SqliteHistoryStore
// (synchronous=NORMAL, so the disk's syncs do not drown the CPU figures)
// into `rooms` rooms in turn, 4 to 14 words each; the process's CPU time per
// message is compared between the full schema and the same database with
// the sender index dropped and/or history_search replaced by a view that
// swallows what is inserted into it. Then the reads: rooms() (a count per
// room), a rare sender's page, searches and heads_after on the database
// the full run built. Last, the figures the history issue sets targets for:
// durable appends as shipped (synchronous=FULL, every index) into one room
// of --big messages, and the p50/p99 of `latest 50` on that room.
//
//   history_bench [--messages N] [--rooms R] [--big N] [--dir DIR]
#include "cpu_time.hpp"
#include "store/sqlite_history_store.hpp"

#include <chatd/storage/database.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace chatd::history;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Chat-like text: 4 to 14 words of a 20,000-word vocabulary.
class Texts {
public:
    Texts() {
        for (int i = 0; i < 20'000; ++i) {
            std::string word;
            for (int n = 2 + static_cast<int>(random_() % 8); n > 0; --n)
                word += static_cast<char>('a' + random_() % 26);
            vocabulary_.push_back(word);
        }
    }
    std::string next() {
        std::string text;
        for (int n = 4 + static_cast<int>(random_() % 11); n > 0; --n)
            text += (text.empty() ? "" : " ") + vocabulary_[random_() % vocabulary_.size()];
        return text;
    }

private:
    std::mt19937 random_{42};
    std::vector<std::string> vocabulary_;
};

struct Variant {
    const char *name;
    bool sender_index;
    bool search;
};

constexpr const char *kNoSenderIndex = "DROP INDEX history_messages_by_sender;";
constexpr const char *kNoSearch =
    "DROP TABLE history_search;"
    "CREATE VIEW history_search AS SELECT 0 AS rowid, '' AS text;"
    "CREATE TRIGGER history_search_sink INSTEAD OF INSERT ON history_search BEGIN SELECT 1; END;";

void append_all(SqliteHistoryStore &store, int64_t messages, int rooms) {
    Texts texts;
    std::atomic<int64_t> pending{0};
    for (int64_t i = 0; i < messages; ++i) {
        // At most 4096 in flight, as many clients waiting for their acks;
        // woken only once half are back, so waking costs little per message.
        if (pending.load() >= 4096)
            for (int64_t seen = pending.load(); seen > 2048; seen = pending.load())
                pending.wait(seen);
        ++pending;
        NewMessage message{.room = "room" + std::to_string(i % rooms),
                           .from = "user" + std::to_string(i % 997),
                           .text = texts.next()};
        auto done = [&pending](const std::variant<Committed, StoreError> &outcome) {
            if (std::holds_alternative<StoreError>(outcome)) std::abort();
            if (--pending <= 2048) pending.notify_one();
        };
        while (store.append(std::move(message), done))
            ; // queue full: spin until the writer catches up
    }
    for (int64_t seen = pending.load(); seen > 0; seen = pending.load())
        pending.wait(seen);
}

double append_run(const std::filesystem::path &path, const Variant &variant, int64_t messages,
                  int rooms) {
    std::filesystem::remove_all(path.parent_path());
    const SqliteOptions options{.path = path, .synchronous = chatd::storage::Synchronous::Normal};
    { SqliteHistoryStore create(options); }
    chatd::storage::Database db(path);
    if (!variant.sender_index) db.exec(kNoSenderIndex);
    if (!variant.search) db.exec(kNoSearch);
    SqliteHistoryStore store(options);
    const double cpu = chatd::bench::cpu_seconds();
    const auto start = Clock::now();
    append_all(store, messages, rooms);
    const double per_message_us =
        (chatd::bench::cpu_seconds() - cpu) / static_cast<double>(messages) * 1e6;
    std::printf("%-28s %8.0f msg/s  %6.2f µs CPU/msg  %.0f msgs per commit\n", variant.name,
                static_cast<double>(messages) / (ms_since(start) / 1000), per_message_us,
                static_cast<double>(store.writer_stats().jobs_committed) /
                    static_cast<double>(store.writer_stats().commits));
    return per_message_us;
}

// Appends `messages` to one room as shipped, each durable before it counts.
void durable_run(const std::filesystem::path &path, int64_t messages) {
    std::filesystem::remove_all(path.parent_path());
    SqliteHistoryStore store({.path = path, .synchronous = chatd::storage::Synchronous::Full});
    const double cpu = chatd::bench::cpu_seconds();
    const auto start = Clock::now();
    append_all(store, messages, 1);
    std::printf("%-28s %8.0f msg/s  %6.2f µs CPU/msg  %.0f msgs per commit\n",
                "durable (FULL, as shipped)",
                static_cast<double>(messages) / (ms_since(start) / 1000),
                (chatd::bench::cpu_seconds() - cpu) / static_cast<double>(messages) * 1e6,
                static_cast<double>(store.writer_stats().jobs_committed) /
                    static_cast<double>(store.writer_stats().commits));
}

// The latency of one `latest 50` read of `room`, `count` times in a row.
void latest_latency(const std::filesystem::path &path, const std::string &room, int count) {
    SqliteHistoryReader reader(path);
    std::vector<double> us;
    for (int i = 0; i < count; ++i) {
        const auto start = Clock::now();
        if (reader.query({.room = room, .limit = 50}).messages.size() != 50) std::abort();
        us.push_back(ms_since(start) * 1000);
    }
    std::sort(us.begin(), us.end());
    const auto at = [&](double q) { return us[static_cast<size_t>(q * (us.size() - 1))]; };
    std::printf("latest 50 of %s, %d reads: p50 %.0f µs, p99 %.0f µs, max %.0f µs\n", room.c_str(),
                count, at(0.5), at(0.99), us.back());
}

template <typename Read> void timed(const char *what, Read &&read) {
    const auto start = Clock::now();
    const size_t found = read();
    std::printf("%-44s %9.2f ms  (%zu)\n", what, ms_since(start), found);
}

} // namespace

int main(int argc, char **argv) {
    int64_t messages = 200'000;
    int rooms = 100;
    int64_t big = 1'000'000;
    std::filesystem::path dir = std::filesystem::temp_directory_path() / "history_bench";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--messages")
            messages = std::atoll(argv[i + 1]);
        else if (flag == "--rooms")
            rooms = std::atoi(argv[i + 1]);
        else if (flag == "--big")
            big = std::atoll(argv[i + 1]);
        else if (flag == "--dir")
            dir = argv[i + 1];
        else {
            std::fprintf(stderr,
                         "usage: history_bench [--messages N] [--rooms R] [--big N] [--dir DIR]\n");
            return 2;
        }
    }
    const std::filesystem::path path = dir / "db" / "history.db";
    std::printf("%lld messages into %d rooms\n", static_cast<long long>(messages), rooms);
    const Variant variants[] = {
        {"neither", false, false},
        {"sender index", true, false},
        {"search", false, true},
        {"both (as shipped)", true, true},
    };
    double base = 0;
    for (const Variant &variant : variants) {
        const double cost = append_run(path, variant, messages, rooms);
        if (base == 0) base = cost;
        std::printf("%-28s %+6.2f µs CPU/msg over the first\n", "", cost - base);
    }

    // Reads on what the last run (the shipped schema) built.
    SqliteHistoryReader reader(path);
    timed("rooms() with counts", [&] { return reader.rooms().size(); });
    timed("heads_after(0, 50)", [&] { return reader.heads_after(0, 50).rooms.size(); });
    timed("latest 50 of room0", [&] { return reader.query({.room = "room0"}).messages.size(); });
    // Senders take turns across 997 names and rooms across `rooms`: in
    // room1, user1 sends once in 997 messages.
    timed("latest 50 of room1 from user1",
          [&] { return reader.query({.room = "room1", .from = "user1"}).messages.size(); });
    timed("latest 50 of room1 from nobody",
          [&] { return reader.query({.room = "room1", .from = "nobody"}).messages.size(); });
    const std::string first_text = Texts().next();
    timed("search of one word in room0", [&] {
        const std::string word = first_text.substr(0, first_text.find(' '));
        return reader.query({.room = "room0", .search = word}).messages.size();
    });
    timed("search of a message's words in room0",
          [&] { return reader.query({.room = "room0", .search = first_text}).messages.size(); });
    timed("search of a missing word in room0",
          [&] { return reader.query({.room = "room0", .search = "qqqqqqqqqq"}).messages.size(); });

    if (big > 0) {
        std::printf("%lld messages into one room\n", static_cast<long long>(big));
        durable_run(path, big);
        latest_latency(path, "room0", 10'000);
    }
    std::filesystem::remove_all(dir);
}
