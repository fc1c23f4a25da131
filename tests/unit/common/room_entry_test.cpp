// The "ROOM key=value ..." entries of the plugins' per-room options.
#include "room_entry.hpp"
#include "room_names.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace chatd::plugins {
namespace {

std::string refusal(const std::string &entry) {
    try {
        parse_room_entry(entry, "limit");
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    return "accepted";
}

TEST(RoomEntry, TheRoomThenEachKeyWithWhatFollowsItsEquals) {
    const RoomEntry entry = parse_room_entry("  dev.ops a=1,2  b= c  ", "limit");
    EXPECT_EQ(entry.room, "dev.ops");
    using Setting = std::pair<std::string, std::optional<std::string>>;
    EXPECT_EQ(entry.settings, (std::vector<Setting>{{"a", "1,2"}, {"b", ""}, {"c", std::nullopt}}));
}

TEST(RoomEntry, AnEntryThatDoesNotReadSoIsRefusedSayingWhy) {
    EXPECT_EQ(refusal(""), "it must begin with the room's name");
    EXPECT_EQ(refusal("a=1"), "it must begin with the room's name");
    EXPECT_EQ(refusal("dev"), "it names no limit");
    EXPECT_EQ(refusal("dev a=1 a=2"), "a is given twice");
    EXPECT_EQ(refusal("dm:x:y a=1"), room_name_rule()) << "no client room is named so";
}

} // namespace
} // namespace chatd::plugins
