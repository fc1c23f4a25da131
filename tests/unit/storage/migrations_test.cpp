#include "support/chatd_process.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/migrations.hpp>
#include <gtest/gtest.h>

#include <array>

namespace chatd::storage {
namespace {

constexpr std::array<std::string_view, 2> kSteps{
    "CREATE TABLE messages (room TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL,"
    " PRIMARY KEY (room, seq))",
    "ALTER TABLE messages ADD COLUMN ts INTEGER NOT NULL DEFAULT 0",
};

class MigrationsTest : public ::testing::Test {
protected:
    chatd::test::TempDir dir;
    Database db{(dir.path() / "m.db")};
    bool has_column(const char *name) {
        Statement columns =
            db.prepare("SELECT 1 FROM pragma_table_info('messages') WHERE name = ?1");
        columns.bind(1, name);
        return columns.step() == Step::Row;
    }
};

TEST_F(MigrationsTest, AFreshDatabaseGetsEveryStep) {
    EXPECT_EQ(schema_version(db, "history"), 0);
    EXPECT_EQ(migrate(db, "history", kSteps), 2);
    EXPECT_EQ(schema_version(db, "history"), 2);
    EXPECT_TRUE(has_column("ts"));
}

TEST_F(MigrationsTest, AnOlderDatabaseGetsOnlyTheNewSteps) {
    migrate(db, "history", std::span(kSteps).first(1));
    db.exec("INSERT INTO messages VALUES ('lobby', 1, 'kept')");
    EXPECT_FALSE(has_column("ts"));

    EXPECT_EQ(migrate(db, "history", kSteps), 2);
    Statement row = db.prepare("SELECT text, ts FROM messages");
    ASSERT_EQ(row.step(), Step::Row);
    EXPECT_EQ(row.column_text(0), "kept");
    EXPECT_EQ(row.column_int64(1), 0);
}

TEST_F(MigrationsTest, RunningAgainChangesNothing) {
    constexpr std::array<std::string_view, 2> counted{"CREATE TABLE log (x INTEGER)",
                                                      "INSERT INTO log VALUES (1)"};
    migrate(db, "audit", counted);
    EXPECT_EQ(migrate(db, "audit", counted), 2);
    Statement rows = db.prepare("SELECT count(*) FROM log");
    ASSERT_EQ(rows.step(), Step::Row);
    EXPECT_EQ(rows.column_int64(0), 1) << "the second step ran once";
    EXPECT_EQ(schema_version(db, "audit"), 2);
}

TEST_F(MigrationsTest, OwnersHaveTheirOwnVersions) {
    migrate(db, "history", kSteps);
    constexpr std::array<std::string_view, 1> topics{"CREATE TABLE topics (room TEXT PRIMARY KEY)"};
    EXPECT_EQ(migrate(db, "rooms", topics), 1);
    EXPECT_EQ(schema_version(db, "rooms"), 1);
    EXPECT_EQ(schema_version(db, "history"), 2);
}

TEST_F(MigrationsTest, ADatabaseFromANewerChatdIsRefusedUntouched) {
    migrate(db, "history", kSteps);
    try {
        migrate(db, "history", std::span(kSteps).first(1));
        FAIL() << "no error";
    } catch (const Error &error) {
        const std::string what = error.what();
        EXPECT_NE(what.find("version 2"), std::string::npos) << what;
        EXPECT_NE(what.find("newer chatd"), std::string::npos) << what;
    }
    EXPECT_EQ(schema_version(db, "history"), 2);
    EXPECT_FALSE(db.in_transaction());
}

TEST_F(MigrationsTest, AFailingStepRollsBackAndKeepsTheVersion) {
    migrate(db, "history", std::span(kSteps).first(1));
    constexpr std::array<std::string_view, 2> broken{
        kSteps[0], "ALTER TABLE messages ADD COLUMN ts INTEGER; CREATE TABLE oops (syntax error"};
    try {
        migrate(db, "history", broken);
        FAIL() << "no error";
    } catch (const Error &error) {
        EXPECT_NE(std::string(error.what()).find("to version 2"), std::string::npos)
            << error.what();
    }
    EXPECT_EQ(schema_version(db, "history"), 1);
    EXPECT_FALSE(has_column("ts")) << "the step's first statement was rolled back";
    EXPECT_EQ(migrate(db, "history", kSteps), 2) << "a fixed step applies later";
}

} // namespace
} // namespace chatd::storage
