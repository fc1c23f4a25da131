#include "support/chatd_process.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/transaction.hpp>
#include <gtest/gtest.h>

#include <stdexcept>

namespace chatd::storage {
namespace {

class TransactionTest : public ::testing::Test {
protected:
    chatd::test::TempDir dir;
    Database db{(dir.path() / "t.db")};
    void SetUp() override { db.exec("CREATE TABLE t (x INTEGER)"); }
    int64_t rows() {
        Statement count = db.prepare("SELECT count(*) FROM t");
        count.step();
        return count.column_int64(0);
    }
};

TEST_F(TransactionTest, CommittedWritesStay) {
    Transaction transaction(db);
    EXPECT_TRUE(db.in_transaction());
    db.exec("INSERT INTO t VALUES (1)");
    transaction.commit();
    EXPECT_FALSE(db.in_transaction());
    EXPECT_EQ(rows(), 1);
}

TEST_F(TransactionTest, AnExceptionRollsBack) {
    EXPECT_THROW(
        {
            Transaction transaction(db);
            db.exec("INSERT INTO t VALUES (1)");
            throw std::runtime_error("job failed");
        },
        std::runtime_error);
    EXPECT_FALSE(db.in_transaction());
    EXPECT_EQ(rows(), 0);
}

TEST_F(TransactionTest, ASavepointUndoesOnlyItsOwnWrites) {
    Transaction transaction(db);
    db.exec("INSERT INTO t VALUES (1)");
    {
        Savepoint kept(db);
        db.exec("INSERT INTO t VALUES (2)");
        kept.release();
    }
    {
        Savepoint undone(db);
        db.exec("INSERT INTO t VALUES (3)");
        {
            Savepoint inner(db);
            db.exec("INSERT INTO t VALUES (4)");
            inner.release();
        }
    }
    EXPECT_TRUE(db.in_transaction());
    transaction.commit();
    EXPECT_EQ(rows(), 2);
}

TEST_F(TransactionTest, AFailedCommitRollsBackAndThrows) {
    db.exec("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
            "CREATE TABLE child (p INTEGER REFERENCES parent DEFERRABLE INITIALLY DEFERRED)");
    Transaction transaction(db);
    db.exec("INSERT INTO t VALUES (1); INSERT INTO child VALUES (42)");
    EXPECT_THROW(transaction.commit(), Error);
    EXPECT_FALSE(db.in_transaction());
    EXPECT_EQ(rows(), 0);
}

} // namespace
} // namespace chatd::storage
