#include "chatd/storage/reader_pool.hpp"

namespace chatd::storage {

ReaderPool::ReaderPool(std::filesystem::path path, DatabaseOptions options, size_t max_idle)
    : path_(std::move(path)), options_([&] {
          options.access = Access::ReadOnly;
          return options;
      }()),
      max_idle_(max_idle) {}

Database ReaderPool::borrow() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            Database db = std::move(idle_.back());
            idle_.pop_back();
            return db;
        }
    }
    // Opened outside the lock: opening reads the file and may wait for a lock.
    return Database(path_, options_);
}

void ReaderPool::give_back(Database db) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(db));
}

size_t ReaderPool::idle() const {
    std::lock_guard lock(mutex_);
    return idle_.size();
}

} // namespace chatd::storage
