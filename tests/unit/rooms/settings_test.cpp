// The declared options: defaults the host serves, and refusals at init.
#include "rooms_fixture.hpp"

namespace chatd::rooms::testing {
namespace {

TEST_F(DefaultRoomsTest, DeclaresEveryOptionWithItsDefault) {
    const chatd_host_api &api = host.api();
    host.on_pipeline([&] {
        chatd_str_view room{};
        ASSERT_EQ(api.config_string(host.plugin(), "default_room", &room), CHATD_OK);
        EXPECT_EQ(std::string_view(room.data, room.size), "lobby");
        const std::pair<const char *, int64_t> ints[] = {{"max_rooms_per_connection", 100},
                                                         {"max_topic_bytes", 390},
                                                         {"max_text_bytes", 16384},
                                                         {"max_room_name_bytes", 64},
                                                         {"default_limit", 100},
                                                         {"max_limit", 1000},
                                                         {"max_topics", 10000},
                                                         {"presence_tick_ms", 50},
                                                         {"presence_max_members", 1000}};
        for (const auto &[key, expected] : ints) {
            int64_t value = 0;
            EXPECT_EQ(api.config_int(host.plugin(), key, &value), CHATD_OK) << key;
            EXPECT_EQ(value, expected) << key;
        }
    });
}

TEST_F(RoomsTest, AnInvalidDefaultRoomRefusesThePlugin) {
    host.set_config_string("default_room", "the lobby");
    const std::string refused = host.load(CHATD_ROOMS_PLUGIN);
    EXPECT_NE(refused.find("default_room 'the lobby' is not a valid room name"), std::string::npos)
        << refused;
}

TEST_F(RoomsTest, ADefaultRoomLongerThanTheNameLimitRefusesThePlugin) {
    host.set_config_int("max_room_name_bytes", 3);
    host.set_config_string("default_room", "lobby");
    EXPECT_NE(host.load(CHATD_ROOMS_PLUGIN).find("1-3 bytes"), std::string::npos);
}

TEST_F(RoomsTest, AnEmptyDefaultRoomRefusesThePlugin) {
    host.set_config_string("default_room", "");
    EXPECT_NE(host.load(CHATD_ROOMS_PLUGIN).find("default_room"), std::string::npos);
}

TEST_F(RoomsTest, ADefaultLimitOverTheMaximumRefusesThePlugin) {
    host.set_config_int("default_limit", 11);
    host.set_config_int("max_limit", 10);
    const std::string refused = host.load(CHATD_ROOMS_PLUGIN);
    EXPECT_NE(refused.find("default_limit 11 is over max_limit 10"), std::string::npos) << refused;
}

TEST_F(RoomsTest, LimitsOutsideTheDeclaredBoundsAreRefusedByTheHost) {
    const std::tuple<const char *, int64_t> outside[] = {{"max_rooms_per_connection", 0},
                                                         {"max_rooms_per_connection", 10001},
                                                         {"max_topic_bytes", 0},
                                                         {"max_topic_bytes", 65537},
                                                         {"max_text_bytes", 0},
                                                         {"max_text_bytes", 1048577},
                                                         {"max_room_name_bytes", 0},
                                                         {"max_room_name_bytes", 256},
                                                         {"default_limit", 0},
                                                         {"default_limit", 10001},
                                                         {"max_limit", 0},
                                                         {"max_limit", 10001},
                                                         {"presence_tick_ms", -1},
                                                         {"presence_tick_ms", 10001},
                                                         {"presence_max_members", -1},
                                                         {"presence_max_members", 1000001}};
    for (const auto &[key, value] : outside) {
        TestHost fresh;
        fresh.set_config_int(key, value);
        const std::string refused = fresh.load(CHATD_ROOMS_PLUGIN);
        EXPECT_NE(refused.find("'" + std::string(key) + "' must be between"), std::string::npos)
            << key << "=" << value << ": " << refused;
    }
}

} // namespace
} // namespace chatd::rooms::testing
