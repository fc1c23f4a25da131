#pragma once

#include "chatd/storage/database.hpp"
#include "chatd/storage/transaction.hpp"

#include <cstddef>
#include <filesystem>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

namespace chatd::storage {

// Read-only connections to one database, apart from the writer's: in WAL
// mode a reader sees the last commit before its read began and never waits
// for the writer, nor the writer for it. Each read() borrows an idle
// connection or opens one, so no read waits for another either; at most
// max_idle stay open between reads. Safe from any thread.
class ReaderPool {
public:
    ReaderPool(std::filesystem::path path, DatabaseOptions options, size_t max_idle = 4);

    // Runs read(db) in one read transaction, so every query in it sees the
    // same snapshot; returns what read returns. Errors propagate; the
    // connection goes back to the pool either way. The snapshot ends in a
    // rollback: nothing was written, and a ROLLBACK cannot fail for want of
    // disk as a COMMIT might.
    template <typename Read> std::invoke_result_t<Read, Database &> read(Read &&read) {
        Lease lease(*this);
        Transaction snapshot(lease.db(), Transaction::Kind::Deferred);
        return std::forward<Read>(read)(lease.db());
    }

    size_t idle() const;

private:
    class Lease {
    public:
        explicit Lease(ReaderPool &pool) : pool_(pool), db_(pool.borrow()) {}
        ~Lease() { pool_.give_back(std::move(db_)); }
        Lease(const Lease &) = delete;
        Lease &operator=(const Lease &) = delete;
        Database &db() { return db_; }

    private:
        ReaderPool &pool_;
        Database db_;
    };

    Database borrow();
    void give_back(Database db);

    const std::filesystem::path path_;
    const DatabaseOptions options_;
    const size_t max_idle_;
    mutable std::mutex mutex_;
    std::vector<Database> idle_;
};

} // namespace chatd::storage
