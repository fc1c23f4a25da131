// The topics' SQLite side against real files: a change is durable when it
// says so, a restart reads back exactly what was stored, and the bound holds.
#include "support/chatd_process.hpp"
#include "topic_store.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/transaction.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>

namespace chatd::rooms {
namespace {

using Status = TopicWrite::Status;

class TopicStoreTest : public ::testing::Test {
protected:
    TopicStoreTest() { open(); }

    void open(size_t max_topics = 3,
              std::chrono::milliseconds busy_timeout = std::chrono::milliseconds(5000)) {
        store.reset();
        store = std::make_unique<TopicStore>(TopicStoreOptions{
            .path = path, .max_topics = max_topics, .busy_timeout = busy_timeout, .clock = [] {
                return int64_t{1'764'547'200'000};
            }});
    }

    // Sets and waits (bounded) for the outcome.
    TopicWrite set(const std::string &room, const std::string &topic) {
        auto promise = std::make_shared<std::promise<TopicWrite>>();
        std::future<TopicWrite> outcome = promise->get_future();
        if (auto refused = store->set(room, topic, "alice",
                                      [promise](const TopicWrite &w) { promise->set_value(w); }))
            return *refused;
        if (outcome.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
            ADD_FAILURE() << "no outcome for " << room;
            return {Status::Failed, "timed out"};
        }
        return outcome.get();
    }

    chatd::test::TempDir dir;
    std::filesystem::path path = dir.path() / "data" / "rooms.db";
    std::unique_ptr<TopicStore> store;
};

TEST_F(TopicStoreTest, AFreshFileHasNoTopics) {
    EXPECT_TRUE(store->read_all().empty());
    EXPECT_TRUE(std::filesystem::exists(path)) << "the directory and the file are made";
}

TEST_F(TopicStoreTest, ASetTopicIsReadBackAfterAReopen) {
    EXPECT_EQ(set("dev", "release on Friday").status, Status::Stored);
    EXPECT_EQ(set("ops", "pager").status, Status::Stored);
    EXPECT_EQ(set("dev", "release on Monday").status, Status::Stored);
    open();
    EXPECT_EQ(store->read_all(), (Topics{{"dev", "release on Monday"}, {"ops", "pager"}}));
}

TEST_F(TopicStoreTest, AnEmptyTopicDeletesTheRow) {
    EXPECT_EQ(set("dev", "code").status, Status::Stored);
    EXPECT_EQ(set("dev", "").status, Status::Stored);
    EXPECT_EQ(set("never", "").status, Status::Stored) << "clearing nothing is no error";
    open();
    EXPECT_TRUE(store->read_all().empty());
}

TEST_F(TopicStoreTest, WhoAndWhenAreStoredForTheOperator) {
    EXPECT_EQ(set("dev", "code").status, Status::Stored);
    storage::Database db(path, {.access = storage::Access::ReadOnly});
    auto row = db.prepare("SELECT set_by, set_ts_ms FROM rooms_topics WHERE name = 'dev'");
    ASSERT_EQ(row.step(), storage::Step::Row);
    EXPECT_EQ(row.column_text(0), "alice");
    EXPECT_EQ(row.column_int64(1), 1'764'547'200'000);
}

TEST_F(TopicStoreTest, ANewRoomPastTheBoundIsRefusedAndNothingIsWritten) {
    for (const char *room : {"a", "b", "c"})
        EXPECT_EQ(set(room, "t").status, Status::Stored) << room;
    EXPECT_EQ(set("d", "t").status, Status::TooMany);
    EXPECT_EQ(set("a", "changed").status, Status::Stored) << "a room with a topic may change it";
    EXPECT_EQ(set("b", "").status, Status::Stored);
    EXPECT_EQ(set("d", "now").status, Status::Stored) << "a cleared topic makes room";
    open();
    EXPECT_EQ(store->read_all(), (Topics{{"a", "changed"}, {"c", "t"}, {"d", "now"}}));
}

TEST_F(TopicStoreTest, ChangesInFlightTogetherNeverPassTheBound) {
    std::vector<std::future<TopicWrite>> outcomes;
    for (int i = 0; i < 10; ++i) {
        auto promise = std::make_shared<std::promise<TopicWrite>>();
        outcomes.push_back(promise->get_future());
        ASSERT_FALSE(store->set("r" + std::to_string(i), "t", "alice",
                                [promise](const TopicWrite &w) { promise->set_value(w); }));
    }
    int stored = 0;
    for (auto &outcome : outcomes) {
        ASSERT_EQ(outcome.wait_for(std::chrono::seconds(30)), std::future_status::ready);
        stored += outcome.get().status == Status::Stored;
    }
    EXPECT_EQ(stored, 3);
    EXPECT_EQ(store->read_all().size(), 3u);
}

TEST_F(TopicStoreTest, ALockHeldTooLongFailsTheChangeBusyAndTheNextOneWorks) {
    open(3, std::chrono::milliseconds(20));
    {
        storage::Database other(path);
        storage::Transaction lock(other);
        const TopicWrite refused = set("dev", "code");
        EXPECT_EQ(refused.status, Status::Busy);
        EXPECT_FALSE(refused.fault.empty());
    }
    EXPECT_EQ(set("dev", "code").status, Status::Stored);
    EXPECT_EQ(store->read_all(), (Topics{{"dev", "code"}}));
}

TEST(TopicStoreOpen, AFileThatIsNoDatabaseIsRefusedByName) {
    chatd::test::TempDir dir;
    const std::filesystem::path path = dir.write("rooms.db", std::string(4096, 'x'));
    try {
        TopicStore store({.path = path});
        ADD_FAILURE() << "opened";
    } catch (const std::runtime_error &e) {
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace chatd::rooms
