// The rooms with news since a time (targets), and every room with its
// count (chatctl rooms).
#include "store_fixture.hpp"

#include <chatd/storage/database.hpp>

namespace chatd::history {
namespace {

std::vector<std::string> names_of(const RoomHeads &heads) {
    std::vector<std::string> names;
    for (const RoomHead &head : heads.rooms)
        names.push_back(head.room);
    return names;
}

using Names = std::vector<std::string>;

TEST_F(StoreTest, HeadsAfterAreTheRoomsWithNewerMessagesNewestFirst) {
    now_ms = 1000;
    stored("quiet", "x");
    now_ms = 2000;
    stored("b", "x");
    const Committed a = stored("a", "x");
    now_ms = 3000;
    stored("busy", "x");
    const Committed busy = stored("busy", "y");

    const RoomHeads all = store->heads_after(0, 10);
    EXPECT_EQ(names_of(all), (Names{"busy", "a", "b", "quiet"}));
    EXPECT_FALSE(all.more);
    EXPECT_EQ(all.rooms[0].last_seq, 2u);
    EXPECT_EQ(all.rooms[0].last_ts_ms, 3000);
    EXPECT_EQ(all.rooms[0].epoch, busy.epoch);
    EXPECT_EQ(all.rooms[1].epoch, a.epoch);

    EXPECT_EQ(names_of(store->heads_after(1000, 10)), (Names{"busy", "a", "b"}));
    const RoomHeads two = store->heads_after(1000, 2);
    EXPECT_EQ(names_of(two), (Names{"busy", "a"}));
    EXPECT_TRUE(two.more);
    EXPECT_TRUE(store->heads_after(3000, 10).rooms.empty());
    EXPECT_FALSE(store->heads_after(3000, 10).more);
    try {
        store->heads_after(0, 0);
        ADD_FAILURE() << "limit 0 was answered";
    } catch (const StoreError &e) {
        EXPECT_EQ(e.fault(), Fault::BadQuery);
    }
}

TEST_F(StoreTest, RoomsListsEveryRoomByNameWithItsCount) {
    for (int i = 0; i < 3; ++i)
        stored("zeta", "x");
    stored("alpha", "x");
    const Committed last = stored("alpha", "y");
    {
        storage::Database db(path);
        db.exec("DELETE FROM history_messages WHERE seq = 2 AND room_id = "
                "(SELECT room_id FROM history_rooms WHERE name = 'zeta')");
    }
    SqliteHistoryReader reader(path);
    const std::vector<RoomSummary> rooms = reader.rooms();
    ASSERT_EQ(rooms.size(), 2u);
    EXPECT_EQ(rooms[0].head.room, "alpha");
    EXPECT_EQ(rooms[0].messages, 2u);
    EXPECT_EQ(rooms[0].head.last_seq, 2u);
    EXPECT_EQ(rooms[0].head.epoch, last.epoch);
    EXPECT_EQ(rooms[1].head.room, "zeta");
    EXPECT_EQ(rooms[1].messages, 2u); // counted: seq 2 is gone
    EXPECT_EQ(rooms[1].head.last_seq, 3u);
}

} // namespace
} // namespace chatd::history
