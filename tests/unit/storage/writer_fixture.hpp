#pragma once

#include "support/chatd_process.hpp"

#include <chatd/storage/writer.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace chatd::storage {

// A job that holds the writer thread until opened, so that every job
// submitted meanwhile waits in the queue and goes into the next batch.
class Gate {
public:
    Writer::Job job();
    // What job() runs: waits until opened. Also for a writer's hooks.
    void pass();
    // Returns once the writer is inside the gate's job.
    void wait_entered();
    void open();

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool entered_ = false;
    bool open_ = false;
};

// Each job's outcome by a key the test chooses.
class Outcomes {
public:
    Writer::Completion completion(int key);
    // Waits (bounded) until count outcomes arrived; false on timeout.
    bool wait_for(size_t count, std::chrono::seconds deadline = std::chrono::seconds(60));
    std::map<int, std::optional<Error>> all();

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<int, std::optional<Error>> outcomes_;
};

// A writer on a fresh database with table t(k INTEGER PRIMARY KEY, b BLOB).
class WriterTest : public ::testing::Test {
protected:
    chatd::test::TempDir dir;
    std::filesystem::path path = dir.path() / "w.db";
    Gate gate;
    Outcomes outcomes;
    std::unique_ptr<Writer> writer;

    void start(WriterOptions options = {}, DatabaseOptions database = {});
    // Submits a job inserting row k, expecting it to be queued.
    void insert(int k, size_t blob_bytes = 0);
    // The keys in t, read through a connection of its own.
    std::vector<int> stored_keys();
};

} // namespace chatd::storage
