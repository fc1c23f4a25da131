// Full-text search: words, not syntax; with anchors and senders; and the
// index following deletes and edits, and catching up on an older database.
#include "store_fixture.hpp"

#include "store/schema.hpp"
#include "store/search_index.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/migrations.hpp>

namespace chatd::history {
namespace {

using Seqs = std::vector<uint64_t>;

class SearchTest : public StoreTest {
protected:
    Seqs found(const std::string &words, Query query = {.room = "r"}) {
        query.search = words;
        return seqs_of(store->query(query));
    }
    // The keys the index itself holds for a word, whatever the messages say.
    std::vector<int64_t> indexed(const std::string &word) {
        storage::Database db(path, {.access = storage::Access::ReadOnly});
        auto select = db.prepare("SELECT rowid FROM history_search WHERE history_search MATCH ?1");
        select.bind(1, search::match_expression(word));
        std::vector<int64_t> keys;
        while (select.step() == storage::Step::Row)
            keys.push_back(select.column_int64(0));
        return keys;
    }
};

TEST_F(SearchTest, EveryWordMustMatchInAnyCaseAndAccent) {
    stored("r", "The quick brown fox");          // 1
    stored("r", "a QUICK fix, then lunch");      // 2
    stored("r", "brown bread and a Café crème"); // 3
    EXPECT_EQ(found("quick"), (Seqs{1, 2}));
    EXPECT_EQ(found("quick brown"), (Seqs{1}));
    EXPECT_EQ(found("  Quick\tFOX "), (Seqs{1}));
    EXPECT_EQ(found("cafe CREME"), (Seqs{3}));
    EXPECT_EQ(found("fix,"), (Seqs{2}));
    EXPECT_EQ(found("quick lunch brown"), Seqs{});
    const Page none = store->query({.room = "r", .search = "zebra"});
    EXPECT_TRUE(none.messages.empty());
    EXPECT_FALSE(none.more);
    EXPECT_TRUE(store->query({.room = "elsewhere", .search = "quick"}).messages.empty());
}

TEST_F(SearchTest, QueryOperatorsAreOnlyWords) {
    stored("r", "cats AND dogs");                  // 1
    stored("r", "cats OR birds");                  // 2
    stored("r", "NEAR the door, said \"Bob\"");    // 3
    stored("r", "don't stop");                     // 4
    stored("r", "prefix* and column:text ^caret"); // 5
    EXPECT_EQ(found("AND"), (Seqs{1, 5}));
    EXPECT_EQ(found("cats OR"), (Seqs{2}));
    EXPECT_EQ(found("cats NOT"), Seqs{});
    EXPECT_EQ(found("NEAR("), (Seqs{3}));
    EXPECT_EQ(found("NEAR(cats dogs)"), Seqs{});
    EXPECT_EQ(found("\"bob\""), (Seqs{3}));
    EXPECT_EQ(found("\"bob"), (Seqs{3}));
    EXPECT_EQ(found("don't"), (Seqs{4}));
    EXPECT_EQ(found("don\"t"), (Seqs{4}));
    EXPECT_EQ(found("column:text"), (Seqs{5}));
    EXPECT_EQ(found("^caret prefix"), (Seqs{5}));
    EXPECT_EQ(found("pre*"), Seqs{}); // no prefix queries: a word is a word
    // Words with no letters narrow nothing; alone they find nothing.
    EXPECT_EQ(found("cats * \""), (Seqs{1, 2}));
    EXPECT_EQ(found("* \" ( )"), Seqs{});
    EXPECT_EQ(found(std::string("cats\0dogs", 9)), (Seqs{1}));
}

TEST_F(SearchTest, SearchCombinesWithAnchorsAndSenders) {
    for (int n = 1; n <= 12; ++n) {
        now_ms = 1000 * n;
        stored("r", n % 3 ? "chatter" : "release notes", n % 2 ? "odd" : "even");
    }
    stored("other", "release notes");
    // "release" is in 3, 6, 9 and 12.
    const Page latest = store->query({.room = "r", .limit = 2, .search = "release"});
    EXPECT_EQ(seqs_of(latest), (Seqs{9, 12}));
    EXPECT_TRUE(latest.more);
    EXPECT_EQ(found("release", {.room = "r", .anchor = Anchor::Before, .seq = 9}), (Seqs{3, 6}));
    const Page after = store->query(
        {.room = "r", .anchor = Anchor::After, .seq = 3, .limit = 2, .search = "release"});
    EXPECT_EQ(seqs_of(after), (Seqs{6, 9}));
    EXPECT_TRUE(after.more);
    EXPECT_EQ(found("release", {.room = "r", .anchor = Anchor::Around, .seq = 7, .limit = 2}),
              (Seqs{6, 9}));
    EXPECT_EQ(found("release", {.room = "r", .anchor = Anchor::Between, .seq = 6, .seq_last = 9}),
              (Seqs{6, 9}));
    EXPECT_EQ(found("notes", {.room = "r", .anchor = Anchor::BeforeTime, .ts_ms = 9000}),
              (Seqs{3, 6}));
    EXPECT_EQ(found("notes", {.room = "r", .anchor = Anchor::AfterTime, .ts_ms = 9000}),
              (Seqs{12}));
    EXPECT_EQ(found("release", {.room = "r", .from = "even"}), (Seqs{6, 12}));
    EXPECT_EQ(found("release", {.room = "r", .anchor = Anchor::Before, .seq = 12, .from = "odd"}),
              (Seqs{3, 9}));
}

TEST_F(SearchTest, ADeletedOrEditedMessageLeavesTheIndex) {
    stored("r", "secret plans");   // 1
    stored("r", "public plans");   // 2
    stored("r", "another secret"); // 3
    ASSERT_EQ(indexed("secret").size(), 2u);
    {
        // Retention or a moderator, through any connection.
        storage::Database db(path);
        db.exec("DELETE FROM history_messages WHERE seq = 1");
        db.exec("UPDATE history_messages SET text = 'redacted' WHERE seq = 3");
    }
    EXPECT_EQ(found("secret"), Seqs{});
    EXPECT_TRUE(indexed("secret").empty());
    EXPECT_EQ(found("redacted"), (Seqs{3}));
    EXPECT_EQ(found("plans"), (Seqs{2}));
    EXPECT_EQ(indexed("plans").size(), 1u);
    // New messages are indexed as before.
    stored("r", "secret again");
    EXPECT_EQ(found("secret"), (Seqs{4}));
}

TEST_F(SearchTest, RetentionTakesTrimmedMessagesOutOfTheIndex) {
    stored("r", "deploy on monday"); // 1
    stored("r", "deploy on friday"); // 2
    stored("r", "no deploy today");  // 3
    stored("r", "lunch");            // 4
    ASSERT_EQ(trim({.all = {.max_messages = 2}}).messages, 2u);
    EXPECT_EQ(found("deploy"), (Seqs{3}));
    EXPECT_EQ(found("monday"), Seqs{});
    // The index itself forgot them, not only the join to the messages.
    EXPECT_EQ(indexed("deploy"), (std::vector<int64_t>{indexed("today").at(0)}));
    EXPECT_TRUE(indexed("friday").empty());
    stored("r", "deploy again"); // 5
    EXPECT_EQ(found("deploy"), (Seqs{3, 5}));
}

TEST_F(SearchTest, ADeletedMessageIsFoundNoMoreIndexedOrNot) {
    stored("r", "deploy friday");    // 1
    stored("r", "deploy on monday"); // 2
    ASSERT_EQ(found("deploy"), (Seqs{1, 2}));
    ASSERT_TRUE(std::holds_alternative<Deleted>(remove("r", 1)));
    EXPECT_EQ(found("deploy"), (Seqs{2}));
    EXPECT_TRUE(indexed("friday").empty()) << "the index itself forgot the text";

    // Deleted before the indexer reached it: it indexes the tombstone's
    // empty text, whichever comes first.
    index_inline_max = 0;
    reopen();
    stored("r", "secret plans"); // 3
    ASSERT_TRUE(std::holds_alternative<Deleted>(remove("r", 3)));
    reopen(); // indexes whatever is behind before it opens
    EXPECT_EQ(store->index_lag(), 0u);
    EXPECT_EQ(found("secret"), Seqs{});
    EXPECT_TRUE(indexed("plans").empty());
}

TEST_F(SearchTest, ADatabaseFromBeforeSearchIsIndexedWhenOpened) {
    store.reset();
    std::filesystem::remove_all(path.parent_path());
    std::filesystem::create_directories(path.parent_path());
    {
        storage::Database db(path);
        storage::migrate(db, kSchemaOwner, schema_steps().first(1));
        db.exec("INSERT INTO history_rooms VALUES(1, 'r', 'e', 2, 5)");
        db.exec("INSERT INTO history_messages VALUES(1, 1, 5, 'a', 'old words', NULL),"
                "(1, 2, 5, 'a', 'older words', NULL)");
    }
    open();
    EXPECT_EQ(found("words"), (Seqs{1, 2}));
    EXPECT_EQ(stored("r", "new words").seq, 3u);
    EXPECT_EQ(found("words"), (Seqs{1, 2, 3}));
}

TEST(SearchWords, EachWordIsOneQuotedString) {
    EXPECT_EQ(search::match_expression("a b"), R"("a" "b")");
    EXPECT_EQ(search::match_expression(" say \"hi\" "), R"("say" """hi""")");
    EXPECT_EQ(search::match_expression("NEAR(x y) AND *"), R"q("NEAR(x" "y)" "AND" "*")q");
    EXPECT_THROW(search::match_expression(" \n "), StoreError);
}

} // namespace
} // namespace chatd::history
