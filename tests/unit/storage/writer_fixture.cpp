#include "writer_fixture.hpp"

namespace chatd::storage {

Writer::Job Gate::job() {
    return [this](Database &) { pass(); };
}

void Gate::pass() {
    std::unique_lock lock(mutex_);
    entered_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
}

void Gate::wait_entered() {
    std::unique_lock lock(mutex_);
    ASSERT_TRUE(changed_.wait_for(lock, std::chrono::seconds(60), [this] { return entered_; }));
}

void Gate::open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
}

Writer::Completion Outcomes::completion(int key) {
    return [this, key](const std::optional<Error> &error) {
        std::lock_guard lock(mutex_);
        outcomes_.emplace(key, error);
        changed_.notify_all();
    };
}

bool Outcomes::wait_for(size_t count, std::chrono::seconds deadline) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, deadline, [&] { return outcomes_.size() >= count; });
}

std::map<int, std::optional<Error>> Outcomes::all() {
    std::lock_guard lock(mutex_);
    return outcomes_;
}

void WriterTest::start(WriterOptions options, DatabaseOptions database) {
    Database db(path, database);
    db.exec("CREATE TABLE t (k INTEGER PRIMARY KEY, b BLOB)");
    writer = std::make_unique<Writer>(std::move(db), options);
}

void WriterTest::insert(int k, size_t blob_bytes) {
    const auto submitted = writer->submit(
        [k, blob_bytes](Database &db) {
            auto insert = db.prepare_cached("INSERT INTO t VALUES (?1, zeroblob(?2))");
            insert->bind(1, k).bind(2, blob_bytes).run();
        },
        outcomes.completion(k));
    ASSERT_EQ(submitted, Submitted::Queued);
}

std::vector<int> WriterTest::stored_keys() {
    Database reader(path, {.access = Access::ReadOnly});
    Statement select = reader.prepare("SELECT k FROM t ORDER BY k");
    std::vector<int> keys;
    while (select.step() == Step::Row)
        keys.push_back(static_cast<int>(select.column_int64(0)));
    return keys;
}

} // namespace chatd::storage
