#include "support/chatd_process.hpp"

#include <chatd/storage/database.hpp>
#include <gtest/gtest.h>

#include <array>
#include <cstddef>

namespace chatd::storage {
namespace {

class StatementTest : public ::testing::Test {
protected:
    chatd::test::TempDir dir;
    Database db{(dir.path() / "s.db")};
    void SetUp() override { db.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB)"); }
};

TEST_F(StatementTest, BoundValuesComeBackFromColumns) {
    const std::array<std::byte, 4> bytes{std::byte{0}, std::byte{1}, std::byte{0xfe}, std::byte{0}};
    const std::string text("with\0nul", 8);
    db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)")
        .bind(1, int64_t{-9007199254740993})
        .bind(2, 2.5)
        .bind(3, std::string_view(text))
        .bind(4, Blob{bytes})
        .run();
    db.prepare("INSERT INTO t VALUES (:i, :r, :s, :b)")
        .bind(":i", 7)
        .bind(":r", nullptr)
        .bind(":s", "named")
        .bind(":b", nullptr)
        .run();

    Statement select = db.prepare("SELECT i, r, s, b FROM t ORDER BY rowid");
    ASSERT_EQ(select.column_count(), 4);
    ASSERT_EQ(select.step(), Step::Row);
    EXPECT_EQ(select.column_int64(0), -9007199254740993);
    EXPECT_DOUBLE_EQ(select.column_double(1), 2.5);
    EXPECT_EQ(select.column_text(2), text);
    const auto blob = select.column_blob(3);
    ASSERT_EQ(blob.size(), bytes.size());
    EXPECT_TRUE(std::equal(blob.begin(), blob.end(), bytes.begin()));
    ASSERT_EQ(select.step(), Step::Row);
    EXPECT_EQ(select.column_int64(0), 7);
    EXPECT_TRUE(select.column_is_null(1));
    EXPECT_EQ(select.column_text(2), "named");
    EXPECT_TRUE(select.column_blob(3).empty());
    EXPECT_EQ(select.step(), Step::Done);

    select.reset();
    EXPECT_EQ(select.step(), Step::Row);
}

TEST_F(StatementTest, BindingAnUnknownNameOrIndexThrows) {
    Statement insert = db.prepare("INSERT INTO t (i) VALUES (:i)");
    EXPECT_THROW(insert.bind(":nope", 1), Error);
    EXPECT_THROW(insert.bind(2, 1), Error);
}

TEST_F(StatementTest, BadSqlThrowsWithTheSqlInTheMessage) {
    try {
        db.prepare("SELEC 1");
        FAIL() << "no error";
    } catch (const Error &error) {
        EXPECT_NE(std::string(error.what()).find("SELEC 1"), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find(db.path()), std::string::npos) << error.what();
    }
}

TEST_F(StatementTest, TheCacheCompilesAStatementOnceAndHandsItBackReset) {
    const auto before = db.statements_compiled();
    for (int i = 0; i < 5; ++i) {
        auto insert = db.prepare_cached("INSERT INTO t (i) VALUES (?1)");
        insert->bind(1, i).run();
    }
    EXPECT_EQ(db.statements_compiled(), before + 1);

    // Returned mid-result and with bindings: the next user starts clean.
    {
        auto select = db.prepare_cached("SELECT count(*) FROM t WHERE i >= ?1");
        select->bind(1, 3);
        ASSERT_EQ(select->step(), Step::Row);
        EXPECT_EQ(select->column_int64(0), 2);
    }
    auto again = db.prepare_cached("SELECT count(*) FROM t WHERE i >= ?1");
    ASSERT_EQ(again->step(), Step::Row);
    EXPECT_EQ(again->column_int64(0), 0) << "a NULL bound: no row compares";
    EXPECT_EQ(db.statements_compiled(), before + 2);
}

TEST_F(StatementTest, TheSameSqlInUseTwiceAtOnceGetsTwoStatements) {
    db.exec("INSERT INTO t (i) VALUES (1), (2)");
    int pairs = 0;
    auto outer = db.prepare_cached("SELECT i FROM t");
    while (outer->step() == Step::Row) {
        auto inner = db.prepare_cached("SELECT i FROM t");
        while (inner->step() == Step::Row)
            ++pairs;
    }
    EXPECT_EQ(pairs, 4);
}

TEST_F(StatementTest, CachedStatementsSurviveMovingTheDatabase) {
    { auto warm = db.prepare_cached("SELECT 1"); }
    Database moved = std::move(db);
    const auto compiled = moved.statements_compiled();
    auto select = moved.prepare_cached("SELECT 1");
    ASSERT_EQ(select->step(), Step::Row);
    EXPECT_EQ(moved.statements_compiled(), compiled);
}

} // namespace
} // namespace chatd::storage
