#include "support/chatd_process.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/transaction.hpp>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

namespace chatd::storage {
namespace {

Error caught(const std::function<void()> &action) {
    try {
        action();
    } catch (const Error &error) {
        return error;
    }
    ADD_FAILURE() << "no error";
    return Error(SQLITE_OK, "none", "");
}

TEST(StorageError, CarriesCodesPathAndMessage) {
    const Error error(SQLITE_IOERR_WRITE, "disk I/O error", "/var/lib/chatd/history.db");
    EXPECT_EQ(error.code(), SQLITE_IOERR);
    EXPECT_EQ(error.extended_code(), SQLITE_IOERR_WRITE);
    EXPECT_EQ(error.path(), "/var/lib/chatd/history.db");
    EXPECT_EQ(std::string(error.what()),
              "/var/lib/chatd/history.db: disk I/O error (disk I/O error, code 778)");
    EXPECT_EQ(error.context("appending").message(), "appending: disk I/O error");
    EXPECT_EQ(error.context("appending").extended_code(), SQLITE_IOERR_WRITE);
}

TEST(StorageError, KindsFromResultCodes) {
    EXPECT_TRUE(Error(SQLITE_BUSY, "", "").busy());
    EXPECT_TRUE(Error(SQLITE_LOCKED_SHAREDCACHE, "", "").busy());
    EXPECT_TRUE(Error(SQLITE_FULL, "", "").full());
    EXPECT_TRUE(Error(SQLITE_READONLY_DBMOVED, "", "").read_only());
    EXPECT_TRUE(Error(SQLITE_CORRUPT_INDEX, "", "").corrupt());
    EXPECT_TRUE(Error(SQLITE_NOTADB, "", "").corrupt());
    EXPECT_EQ(Error(SQLITE_CONSTRAINT_UNIQUE, "", "").kind(), ErrorKind::Other);
}

TEST(StorageError, WritingThroughAReadOnlyConnectionIsReadOnly) {
    chatd::test::TempDir dir;
    Database((dir.path() / "ro.db")).exec("CREATE TABLE t (x)");
    Database reader((dir.path() / "ro.db"), {.access = Access::ReadOnly});
    const Error error = caught([&] { reader.exec("INSERT INTO t VALUES (1)"); });
    EXPECT_TRUE(error.read_only()) << error.what();
    EXPECT_EQ(error.path(), (dir.path() / "ro.db").string());
}

TEST(StorageError, AFileThatIsNoDatabaseIsCorruptWhenOpened) {
    chatd::test::TempDir dir;
    std::ofstream((dir.path() / "junk.db")) << std::string(4096, 'x');
    EXPECT_TRUE(caught([&] { Database db((dir.path() / "junk.db")); }).corrupt());
    EXPECT_TRUE(caught([&] {
                    Database db((dir.path() / "junk.db"), {.access = Access::ReadOnly});
                }).corrupt());
}

TEST(StorageError, AMissingFileOrDirectoryFailsToOpen) {
    chatd::test::TempDir dir;
    const Error missing =
        caught([&] { Database db((dir.path() / "none.db"), {.access = Access::ReadOnly}); });
    EXPECT_EQ(missing.code(), SQLITE_CANTOPEN) << missing.what();
    EXPECT_NE(std::string(missing.what()).find("none.db"), std::string::npos);
    EXPECT_EQ(caught([&] { Database db(dir.path() / "no" / "dir.db"); }).code(), SQLITE_CANTOPEN);
}

TEST(StorageError, AWriteLockHeldElsewhereIsBusy) {
    chatd::test::TempDir dir;
    Database holder((dir.path() / "b.db"));
    Database other((dir.path() / "b.db"), {.busy_timeout = std::chrono::milliseconds(10)});
    Transaction held(holder);
    EXPECT_TRUE(caught([&] { Transaction second(other); }).busy());
}

TEST(StorageError, GrowingPastMaxPageCountIsFull) {
    chatd::test::TempDir dir;
    Database db((dir.path() / "f.db"));
    db.exec("CREATE TABLE t (b BLOB)");
    db.exec("PRAGMA max_page_count = 8");
    EXPECT_TRUE(
        caught([&] {
            db.exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)"
                    " INSERT INTO t SELECT zeroblob(1000) FROM n");
        }).full());
}

} // namespace
} // namespace chatd::storage
