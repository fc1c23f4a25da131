// A moderator's deletion in the store: the message becomes a tombstone that
// keeps its place, deleting it again changes nothing, a seq the room does
// not hold is not found, the deletions are listed newest first, and a
// database of the schema before tombstones opens and takes them.
#include "store_fixture.hpp"

#include "store/schema.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/migrations.hpp>

namespace chatd::history {
namespace {

using Seqs = std::vector<uint64_t>;

class DeleteTest : public StoreTest {
protected:
    Deleted deleted(const std::string &room, uint64_t seq, const std::string &by = "mod",
                    std::optional<std::string> reason = std::nullopt) {
        Removed outcome = remove(room, seq, by, std::move(reason));
        if (const auto *error = std::get_if<StoreError>(&outcome))
            throw std::runtime_error(std::string("delete failed: ") + error->what());
        return std::get<Deleted>(outcome);
    }
    std::vector<StoredMessage> all(const std::string &room) {
        return store->query({.room = room, .anchor = Anchor::After, .limit = 1000}).messages;
    }
    std::vector<DeletionRecord> deletions(size_t limit) {
        return SqliteHistoryReader(path).deletions("", limit).deletions;
    }
};

TEST_F(DeleteTest, ATombstoneKeepsItsSeqTimeAndSenderAndLosesItsTextAndExtra) {
    stored("r", "one");
    now_ms += 1000;
    const Appended two = append("r", "two", "bob", R"({"mood":"bad"})");
    ASSERT_TRUE(std::holds_alternative<Committed>(two));
    stored("r", "three");
    now_ms += 5000;
    EXPECT_EQ(deleted("r", 2, "max", "spam"), Deleted::Now);

    const std::vector<StoredMessage> messages = all("r");
    ASSERT_EQ(seqs_of({messages, false}), (Seqs{1, 2, 3})) << "no gap where it was";
    const StoredMessage &tombstone = messages[1];
    EXPECT_TRUE(tombstone.deleted);
    EXPECT_EQ(tombstone.text, "");
    EXPECT_EQ(tombstone.extra_json, "{}");
    EXPECT_EQ(tombstone.from, "bob");
    EXPECT_EQ(tombstone.ts_ms, std::get<Committed>(two).ts_ms);
    EXPECT_FALSE(messages[0].deleted);
    EXPECT_EQ(messages[2].text, "three");
    // Every read of the room shows it: a sender's page too, from either
    // side of the sender index.
    const Page bobs = store->query({.room = "r", .from = "bob"});
    ASSERT_EQ(seqs_of(bobs), (Seqs{2}));
    EXPECT_TRUE(bobs.messages[0].deleted);
    // And the row's old text is gone from the file's row, not hidden.
    storage::Database db(path, {.access = storage::Access::ReadOnly});
    auto row = db.prepare("SELECT text, extra IS NULL, deleted_by, delete_reason, deleted_ms "
                          "FROM history_messages WHERE seq = 2");
    ASSERT_EQ(row.step(), storage::Step::Row);
    EXPECT_EQ(row.column_text(0), "");
    EXPECT_EQ(row.column_int64(1), 1);
    EXPECT_EQ(row.column_text(2), "max");
    EXPECT_EQ(row.column_text(3), "spam");
    EXPECT_EQ(row.column_int64(4), now_ms.load());
}

TEST_F(DeleteTest, DeletingATombstoneAgainChangesNothing) {
    stored("r", "one");
    EXPECT_EQ(deleted("r", 1, "max", "spam"), Deleted::Now);
    now_ms += 1000;
    EXPECT_EQ(deleted("r", 1, "ann", "again"), Deleted::Already);
    const std::vector<DeletionRecord> listed = deletions(10);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].by, "max") << "the first deletion stands";
    EXPECT_EQ(listed[0].reason, "spam");
    EXPECT_EQ(listed[0].deleted_ms, now_ms.load() - 1000);
}

TEST_F(DeleteTest, ASeqTheRoomDoesNotHoldIsNotFound) {
    stored_many("r", 5);
    EXPECT_EQ(deleted("r", 6), Deleted::NotFound) << "never stored";
    EXPECT_EQ(deleted("elsewhere", 1), Deleted::NotFound) << "no such room";
    EXPECT_EQ(deleted("r", uint64_t{1} << 63), Deleted::NotFound) << "beyond any seq";
    const Trimmed trimmed = trim({.all = {.max_messages = 2}});
    ASSERT_EQ(trimmed.messages, 3u);
    EXPECT_EQ(deleted("r", 3), Deleted::NotFound) << "gone by retention";
    EXPECT_EQ(deleted("r", 4), Deleted::Now);
    EXPECT_EQ(deletions(10).size(), 1u);
}

TEST_F(DeleteTest, DeletionsAreListedNewestFirstUpToTheLimit) {
    stored_many("a", 3);
    stored_many("b", 3);
    EXPECT_EQ(deleted("a", 2, "max", "spam"), Deleted::Now);
    now_ms += 10;
    EXPECT_EQ(deleted("b", 1, "ann"), Deleted::Now);
    EXPECT_EQ(deleted("b", 3, "ann"), Deleted::Now);
    const std::vector<DeletionRecord> newest = deletions(2);
    ASSERT_EQ(newest.size(), 2u);
    EXPECT_EQ(newest[0].room, "b");
    EXPECT_EQ(newest[0].seq, 3u) << "ties: the higher seq first";
    EXPECT_EQ(newest[1].seq, 1u);
    EXPECT_EQ(newest[1].by, "ann");
    EXPECT_EQ(newest[1].reason, std::nullopt);
    EXPECT_EQ(newest[1].deleted_ms, now_ms.load());
    const std::vector<DeletionRecord> every = deletions(100);
    ASSERT_EQ(every.size(), 3u);
    EXPECT_EQ(every[2].room, "a");
    EXPECT_EQ(every[2].seq, 2u);
    EXPECT_EQ(every[2].reason, "spam");
    EXPECT_THROW(deletions(0), StoreError);
}

TEST_F(DeleteTest, PagesOfDeletionsMeetWithoutLossOrRepeatEvenInOneMillisecond) {
    stored_many("a", 2);
    stored_many("b", 3);
    // All five in the same millisecond: the cursor is more than a time.
    for (const auto &[room, seq] : {std::pair{"a", 1}, {"b", 2}, {"a", 2}, {"b", 1}, {"b", 3}})
        ASSERT_EQ(deleted(room, seq, "mod"), Deleted::Now);
    SqliteHistoryReader reader(path);
    std::vector<std::string> seen;
    std::string cursor;
    for (int pages = 0; pages < 10; ++pages) {
        const DeletionPage page = reader.deletions(cursor, 2);
        for (const DeletionRecord &d : page.deletions)
            seen.push_back(d.room + std::to_string(d.seq) + ":" + d.author);
        if (!page.next_cursor) break;
        EXPECT_EQ(page.deletions.size(), 2u);
        cursor = *page.next_cursor;
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"b3:alice", "b2:alice", "b1:alice", "a2:alice",
                                              "a1:alice"}));
}

TEST_F(DeleteTest, ACursorTheStoreDidNotMakeIsABadQuery) {
    SqliteHistoryReader reader(path);
    for (const char *cursor :
         {"1", "1.2", "1.2.3.4", "1.2.3.",                          // too few or too many parts
          "1..3", ".1.2", "1.2.", "..",                             // an empty part
          "x", "1.2.3x", "1.a.3", "1.2. 3", "0x1.2.3", "1.2.3e0",   // not digits
          "-1.2.3", "1.+2.3", "1.2.-3",                             // signed
          "1.2.9223372036854775808", "18446744073709551616.2.3"}) { // too large
        try {
            reader.deletions(cursor, 5);
            ADD_FAILURE() << cursor << " was taken";
        } catch (const StoreError &e) {
            EXPECT_EQ(e.fault(), Fault::BadQuery) << cursor;
        }
    }
}

TEST_F(DeleteTest, ADatabaseFromBeforeTombstonesOpensAndTakesThem) {
    store.reset();
    std::filesystem::remove_all(path.parent_path());
    std::filesystem::create_directories(path.parent_path());
    const auto before = schema_steps().first(schema_steps().size() - 1);
    {
        storage::Database db(path);
        storage::migrate(db, kSchemaOwner, before);
        db.exec("INSERT INTO history_rooms(room_id, name, epoch, last_seq, last_ts_ms, "
                "indexed_seq) VALUES(1, 'r', 'e', 2, 5, 2)");
        db.exec("INSERT INTO history_messages VALUES(1, 1, 5, 'a', 'old words', NULL),"
                "(1, 2, 5, 'b', 'rude words', '{\"x\":1}')");
        db.exec("INSERT INTO history_search(rowid, text) VALUES(4294967297, 'old words'),"
                "(4294967298, 'rude words')");
    }
    open();
    {
        storage::Database db(path, {.access = storage::Access::ReadOnly});
        EXPECT_EQ(storage::schema_version(db, kSchemaOwner),
                  static_cast<int>(schema_steps().size()));
    }
    const std::vector<StoredMessage> old = all("r");
    ASSERT_EQ(old.size(), 2u);
    EXPECT_FALSE(old[0].deleted);
    EXPECT_FALSE(old[1].deleted);
    EXPECT_EQ(old[1].text, "rude words");
    EXPECT_EQ(deleted("r", 2), Deleted::Now);
    EXPECT_TRUE(all("r")[1].deleted);
    EXPECT_EQ(seqs_of(store->query({.room = "r", .search = "words"})), (Seqs{1}));
    EXPECT_EQ(stored("r", "new").seq, 3u);
}

} // namespace
} // namespace chatd::history
