#pragma once

#include "store/sqlite_history_store.hpp"
#include "support/chatd_process.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <variant>

namespace chatd::history {

using Appended = std::variant<Committed, StoreError>;
using Removed = std::variant<Deleted, StoreError>;

// The seqs of a page, in its order.
std::vector<uint64_t> seqs_of(const Page &page);

// A store on a fresh database file, with a clock the test sets.
class StoreTest : public ::testing::Test {
protected:
    StoreTest() { open(); }

    void open(std::chrono::milliseconds busy_timeout = std::chrono::milliseconds(5000));
    void reopen() {
        store.reset();
        open();
    }
    // Appends and waits (bounded) for the outcome.
    Appended append(const std::string &room, const std::string &text,
                    const std::string &from = "alice", const std::string &extra = "{}");
    // Appends and expects it stored; returns what it was given.
    Committed stored(const std::string &room, const std::string &text,
                     const std::string &from = "alice");
    // Deletes and waits (bounded) for the outcome.
    Removed remove(const std::string &room, uint64_t seq, const std::string &by = "mod",
                   std::optional<std::string> reason = std::nullopt);
    // Appends n messages without waiting for each ("<room> <i>", i from 1),
    // then waits (bounded) until all are stored; returns their seqs in the
    // order appended.
    std::vector<uint64_t> stored_many(const std::string &room, int n);
    // One retention pass; waits (bounded) for it to end.
    Trimmed trim(const RetentionPolicy &policy);
    // Every seq the room holds, ascending.
    std::vector<uint64_t> seqs_in(const std::string &room);

    chatd::test::TempDir dir;
    std::filesystem::path path = dir.path() / "data" / "history.db";
    std::atomic<int64_t> now_ms{1'764'547'200'000};
    // Set, then reopen().
    size_t retention_step = 1000;
    uint64_t index_lag_max = 1'000'000;
    size_t index_inline_max = 256;
    std::unique_ptr<SqliteHistoryStore> store;
};

} // namespace chatd::history
