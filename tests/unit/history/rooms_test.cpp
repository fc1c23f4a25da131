// The reader's list of rooms: every room with history, by name, with its
// head and message count.
#include "store_fixture.hpp"

namespace chatd::history {
namespace {

TEST_F(StoreTest, RoomsListsEveryRoomByNameWithItsCountAndHead) {
    EXPECT_TRUE(SqliteHistoryReader(path).rooms().empty());
    stored("lobby", "1");
    now_ms = 2'000;
    const Committed dev = stored("dev", "1");
    stored("lobby", "2");
    stored("lobby", "3");
    const auto rooms = SqliteHistoryReader(path).rooms();
    ASSERT_EQ(rooms.size(), 2u);
    EXPECT_EQ(rooms[0].head.room, "dev");
    EXPECT_EQ(rooms[0].head.epoch, dev.epoch);
    EXPECT_EQ(rooms[0].head.last_seq, 1u);
    EXPECT_EQ(rooms[0].head.last_ts_ms, 2'000);
    EXPECT_EQ(rooms[0].messages, 1u);
    EXPECT_EQ(rooms[1].head.room, "lobby");
    EXPECT_EQ(rooms[1].head.last_seq, 3u);
    EXPECT_EQ(rooms[1].messages, 3u);
}

} // namespace
} // namespace chatd::history
