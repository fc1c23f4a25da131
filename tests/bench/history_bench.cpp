// What the history store's appends and indexes cost, and what its reads
// cost on a big database. Appends go through the real SqliteHistoryStore
// (synchronous=NORMAL, so the disk's syncs do not drown the CPU figures)
// into `rooms` rooms in turn, 4 to 14 words each, with every batch indexed
// as it commits (index_lag_max = 0) and as shipped (indexing behind the
// appends when they queue up); each reports the process's CPU time per
// message, the appends' rate, and when the indexes had caught up. Then the
// reads: rooms() (a count per room), a rare sender's page, searches and
// heads_after on the database the last run built. Last, the figures the
// history issue sets targets for: durable appends as shipped
// (synchronous=FULL) into one room of --big messages, and the p50/p99 of
// `latest 50` on that room.
//
//   history_bench [--messages N] [--rooms R] [--big N] [--in-flight N] [--dir DIR]
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
#include <thread>
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

// Appends waiting for their ack at most (--in-flight).
int64_t in_flight = 4096;

void append_all(SqliteHistoryStore &store, int64_t messages, int rooms) {
    Texts texts;
    std::atomic<int64_t> pending{0};
    for (int64_t i = 0; i < messages; ++i) {
        // At most in_flight in flight, as many clients waiting for their acks;
        // woken only once half are back, so waking costs little per message.
        if (pending.load() >= in_flight)
            for (int64_t seen = pending.load(); seen > in_flight / 2; seen = pending.load())
                pending.wait(seen);
        ++pending;
        NewMessage message{.room = "room" + std::to_string(i % rooms),
                           .from = "user" + std::to_string(i % 997),
                           .text = texts.next()};
        auto done = [&pending](const std::variant<Committed, StoreError> &outcome) {
            if (std::holds_alternative<StoreError>(outcome)) std::abort();
            // Woken where it waits: at half, and when all are back.
            const int64_t left = --pending;
            if (left == in_flight / 2 || left == 0) pending.notify_one();
        };
        while (store.append(std::move(message), done))
            ; // queue full: spin until the writer catches up
    }
    for (int64_t seen = pending.load(); seen > 0; seen = pending.load())
        pending.wait(seen);
}

// Appends `messages` into `rooms` rooms; prints the appends' rate and CPU
// time per message, and how long after the last ack the indexes were
// complete.
void append_run(const char *name, const SqliteOptions &options, int64_t messages, int rooms) {
    std::filesystem::remove_all(options.path.parent_path());
    SqliteHistoryStore store(options);
    const double cpu = chatd::bench::cpu_seconds();
    const auto start = Clock::now();
    append_all(store, messages, rooms);
    const double acked_ms = ms_since(start);
    const double acked_cpu = chatd::bench::cpu_seconds() - cpu;
    const uint64_t lag = store.index_lag();
    const auto acked = Clock::now();
    // Bounded: the indexer has at most `messages` to do.
    while (store.index_lag() > 0 && ms_since(acked) < 600'000)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::printf("%-30s %8.0f msg/s  %6.2f µs CPU/msg  %5.0f msgs/commit  "
                "%7llu behind at the last ack, indexed %.0f ms later\n",
                name, static_cast<double>(messages) / (acked_ms / 1000),
                acked_cpu / static_cast<double>(messages) * 1e6,
                static_cast<double>(store.writer_stats().jobs_committed) /
                    static_cast<double>(store.writer_stats().commits),
                static_cast<unsigned long long>(lag), ms_since(acked));
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
        else if (flag == "--in-flight")
            in_flight = std::atoll(argv[i + 1]);
        else if (flag == "--dir")
            dir = argv[i + 1];
        else {
            std::fprintf(
                stderr, "usage: history_bench [--messages N] [--rooms R] [--big N] [--in-flight N] "
                        "[--dir DIR]\n");
            return 2;
        }
    }
    const std::filesystem::path path = dir / "db" / "history.db";
    std::printf("%lld messages into %d rooms\n", static_cast<long long>(messages), rooms);
    const SqliteOptions normal{.path = path, .synchronous = chatd::storage::Synchronous::Normal};
    SqliteOptions indexed_at_once = normal;
    indexed_at_once.index_lag_max = 0;
    append_run("indexed as it commits", indexed_at_once, messages, rooms);
    append_run("as shipped", normal, messages, rooms);

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
        append_run("durable (FULL), as shipped", {.path = path}, big, 1);
        latest_latency(path, "room0", 10'000);
    }
    std::filesystem::remove_all(dir);
}
