// Durable writes through the storage library's writer thread, measured: N
// threads each append 64-byte messages to a room of their own, as chat
// clients waiting for their acks would (each keeps at most --window writes in
// flight), and every completion is awaited. Prints rows/s, transactions,
// rows per transaction and the submit-to-completion latency, for
// synchronous=FULL and NORMAL, with group commit and with one row per
// transaction. Each run is bounded by --rows and --seconds.
//
//   storage_bench [--threads N] [--rows R] [--seconds S] [--window W] [--dir DIR]
//                 [--single-row 0|1]
#include "cpu_time.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/migrations.hpp>
#include <chatd/storage/writer.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace chatd::storage;
using Clock = std::chrono::steady_clock;

struct Settings {
    int threads = 4;
    int64_t rows = 1'000'000;
    double seconds = 5;
    int window = 512;
    std::filesystem::path dir = std::filesystem::temp_directory_path();
    bool single_row = true; // also measure one row per transaction, for comparison
};

struct Run {
    const char *name;
    Synchronous synchronous;
    size_t max_batch;
};

constexpr std::array<std::string_view, 1> kSchema{
    "CREATE TABLE messages (id INTEGER PRIMARY KEY, room TEXT NOT NULL, seq INTEGER NOT NULL,"
    " user TEXT NOT NULL, ts INTEGER NOT NULL, text TEXT NOT NULL);"
    "CREATE UNIQUE INDEX messages_room_seq ON messages (room, seq)"};

const std::string kText(64, 'm');

// One submitting thread: its room, its latencies (written by the writer
// thread's completions, read after all of them arrived).
struct Submitter {
    std::string room;
    std::string user;
    std::vector<uint32_t> latency_us;
    std::atomic<int> in_flight{0};
    std::atomic<int64_t> failed{0};
};

int64_t micros_since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

void submit_rows(Writer &writer, Submitter &self, const Settings &settings, int64_t rows,
                 Clock::time_point deadline) {
    for (int64_t seq = 1; seq <= rows && Clock::now() < deadline; ++seq) {
        // Like a client waiting for acks: at most a window of writes in flight.
        for (int seen = self.in_flight.load(); seen >= settings.window;
             seen = self.in_flight.load())
            self.in_flight.wait(seen);
        const auto submitted_at = Clock::now();
        const size_t slot = self.latency_us.size();
        self.latency_us.push_back(0);
        ++self.in_flight;
        auto job = [&self, seq](Database &db) {
            auto insert = db.prepare_cached(
                "INSERT INTO messages (room, seq, user, ts, text) VALUES (?1, ?2, ?3, ?4, ?5)");
            insert->bind(1, self.room).bind(2, seq).bind(3, self.user).bind(4, seq).bind(5, kText);
            insert->run();
        };
        auto done = [&self, slot, submitted_at](const std::optional<Error> &error) {
            if (error) ++self.failed;
            self.latency_us[slot] = static_cast<uint32_t>(micros_since(submitted_at));
            --self.in_flight;
            self.in_flight.notify_one();
        };
        while (writer.submit(job, done) == Submitted::QueueFull) {
            if (Clock::now() >= deadline) {
                self.latency_us.pop_back();
                --self.in_flight;
                return;
            }
            std::this_thread::yield();
        }
    }
}

void wait_drained(Submitter &self) {
    for (int seen = self.in_flight.load(); seen > 0; seen = self.in_flight.load())
        self.in_flight.wait(seen);
}

// CPU time of the writer thread (named chatd-writer by the library) from
// /proc: what a row costs the thread every write goes through.
double writer_cpu_seconds() {
    for (const auto &task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        if (!std::getline(comm, name) || name != "chatd-writer") continue;
        std::ifstream stat(task.path() / "stat");
        std::string line;
        std::getline(stat, line);
        // Fields after the ")" closing the name; utime and stime are the
        // 14th and 15th of the whole line.
        std::istringstream fields(line.substr(line.rfind(')') + 2));
        std::string field;
        for (int i = 3; i <= 13; ++i)
            fields >> field;
        double utime = 0, stime = 0;
        fields >> utime >> stime;
        return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    return 0;
}

double percentile_ms(std::vector<uint32_t> &sorted, double fraction) {
    if (sorted.empty()) return 0;
    const auto at = static_cast<size_t>(fraction * static_cast<double>(sorted.size() - 1));
    return sorted[at] / 1000.0;
}

void measure(const Run &run, const Settings &settings) {
    const auto path = settings.dir / ("chatd-storage-bench-" + std::to_string(getpid()) + ".db");
    auto remove_files = [&] {
        for (const char *suffix : {"", "-wal", "-shm"})
            std::filesystem::remove(path.string() + suffix);
    };
    remove_files();
    {
        Database db(path, {.synchronous = run.synchronous});
        migrate(db, "bench", kSchema);
        Writer writer(std::move(db), {.max_batch = run.max_batch, .max_queue = 65536});

        std::vector<Submitter> submitters(static_cast<size_t>(settings.threads));
        const int64_t per_thread = settings.rows / settings.threads;
        for (size_t t = 0; t < submitters.size(); ++t) {
            submitters[t].room = "room-" + std::to_string(t);
            submitters[t].user = "user-" + std::to_string(t);
            // Reserved: it never moves while completions write into it.
            submitters[t].latency_us.reserve(static_cast<size_t>(per_thread));
        }
        const auto start = Clock::now();
        const double cpu_at_start = chatd::bench::cpu_seconds();
        const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(settings.seconds));
        std::vector<std::thread> threads;
        for (auto &submitter : submitters)
            threads.emplace_back([&, s = &submitter] {
                submit_rows(writer, *s, settings, per_thread, deadline);
                wait_drained(*s);
            });
        for (auto &thread : threads)
            thread.join();
        const double elapsed = static_cast<double>(micros_since(start)) / 1e6;
        const double cpu = chatd::bench::cpu_seconds() - cpu_at_start;
        const double writer_cpu = writer_cpu_seconds();

        std::vector<uint32_t> latencies;
        int64_t failed = 0;
        for (auto &submitter : submitters) {
            latencies.insert(latencies.end(), submitter.latency_us.begin(),
                             submitter.latency_us.end());
            failed += submitter.failed.load();
        }
        std::sort(latencies.begin(), latencies.end());
        const WriterStats stats = writer.stats();
        const auto rows = static_cast<double>(stats.jobs_committed);
        std::printf("%-28s %9.0f rows/s  %8llu rows in %5.2f s  %7llu transactions, %6.1f rows "
                    "each  latency p50 %7.2f ms p99 %7.2f ms  cpu %5.2f s (writer %5.2f s: %7.0f "
                    "rows per writer "
                    "cpu-second)  failed %lld\n",
                    run.name, rows / elapsed, static_cast<unsigned long long>(stats.jobs_committed),
                    elapsed, static_cast<unsigned long long>(stats.commits),
                    stats.commits ? rows / static_cast<double>(stats.commits) : 0.0,
                    percentile_ms(latencies, 0.50), percentile_ms(latencies, 0.99), cpu, writer_cpu,
                    writer_cpu > 0 ? rows / writer_cpu : 0.0, static_cast<long long>(failed));
        std::fflush(stdout);
    }
    remove_files();
}

bool parse(int argc, char **argv, Settings &settings) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char *value = argv[i + 1];
        if (flag == "--threads")
            settings.threads = std::clamp(std::atoi(value), 1, 64);
        else if (flag == "--rows")
            settings.rows = std::clamp(std::atoll(value), 1LL, 100'000'000LL);
        else if (flag == "--seconds")
            settings.seconds = std::clamp(std::atof(value), 0.1, 120.0);
        else if (flag == "--window")
            settings.window = std::clamp(std::atoi(value), 1, 65536);
        else if (flag == "--dir")
            settings.dir = value;
        else if (flag == "--single-row")
            settings.single_row = std::atoi(value) != 0;
        else
            return false;
    }
    return argc % 2 == 1;
}

} // namespace

int main(int argc, char **argv) {
    Settings settings;
    if (!parse(argc, argv, settings)) {
        std::fprintf(stderr, "usage: storage_bench [--threads N] [--rows R] [--seconds S] "
                             "[--window W] [--dir DIR] [--single-row 0|1]\n");
        return 2;
    }
    std::printf("%d submitting threads, window %d, up to %lld rows or %.1f s per run, in %s\n",
                settings.threads, settings.window, static_cast<long long>(settings.rows),
                settings.seconds, settings.dir.c_str());
    const Run runs[] = {
        {"FULL, group commit (1024)", Synchronous::Full, 1024},
        {"NORMAL, group commit (1024)", Synchronous::Normal, 1024},
        {"FULL, one row per commit", Synchronous::Full, 1},
        {"NORMAL, one row per commit", Synchronous::Normal, 1},
    };
    try {
        for (const Run &run : runs)
            if (run.max_batch > 1 || settings.single_row) measure(run, settings);
    } catch (const Error &error) {
        std::fprintf(stderr, "storage_bench: %s\n", error.what());
        return 1;
    }
    return 0;
}
