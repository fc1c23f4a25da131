// rooms, members and topics, and topics that outlive their room's members,
// the plugin and its bound.
#include "rooms_fixture.hpp"
#include "support/chatd_process.hpp"

namespace chatd::rooms::testing {
namespace {

TEST_F(DefaultRoomsTest, RoomsAreSortedByNameWithCountsAndTopics) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = arrive();
    host.run_frame(alice, R"({"type":"join","room":"zoo"})");
    host.run_frame(bob, R"({"type":"join","room":"Apple"})");
    host.run_frame(bob, R"({"type":"join","room":"dev"})");
    answers(bob, R"({"type":"topic","room":"dev","topic":"code"})");
    host.clear_outboxes();

    EXPECT_EQ(ask(alice, R"({"type":"rooms","id":1})"), R"({"type":"rooms","id":1,"rooms":[
        {"room":"Apple","members":1,"topic":null},
        {"room":"dev","members":1,"topic":"code"},
        {"room":"lobby","members":2,"topic":null},
        {"room":"zoo","members":1,"topic":null}]})"_json);
}

TEST_F(DefaultRoomsTest, MembersListsNamesInJoinOrder) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = arrive();
    host.run_frame(bob, R"({"type":"join","room":"dev"})");
    host.run_frame(alice, R"({"type":"join","room":"dev"})");
    host.clear_outboxes();
    // Asking needs no membership.
    const chatd_conn_id carol = arrive();
    EXPECT_EQ(ask(carol, R"({"type":"members","room":"dev","id":1})"),
              R"({"type":"members","id":1,"room":"dev","members":["guest-2","guest-1"]})"_json);
}

TEST_F(DefaultRoomsTest, MembersOfAnUnknownRoomIsNotFound) {
    const chatd_conn_id alice = arrive();
    expect_rejected(alice, R"({"type":"members","room":"nowhere","id":1})", "not_found");
    expect_rejected(alice, R"({"type":"members","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"members","room":"no where","id":1})", "bad_request");
}

TEST_F(DefaultRoomsTest, ReadingTheTopicOfARoomWithoutOneGivesNull) {
    const chatd_conn_id alice = arrive();
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"lobby","id":1})"),
              R"({"type":"topic","id":1,"room":"lobby","topic":null})"_json);
}

TEST_F(DefaultRoomsTest, ReadingTheTopicOfAnUnknownRoomIsNotFound) {
    const chatd_conn_id alice = arrive();
    expect_rejected(alice, R"({"type":"topic","room":"nowhere","id":1})", "not_found");
}

TEST_F(DefaultRoomsTest, SettingTheTopicAnswersTheSetterAndTellsTheOthers) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = arrive();
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"lobby","topic":"hi <b>","id":1})"),
              R"({"type":"topic","id":1,"room":"lobby","topic":"hi <b>","by":"guest-1"})"_json);
    EXPECT_EQ(single(host, bob),
              R"({"type":"topic","room":"lobby","topic":"hi <b>","by":"guest-1"})"_json);
    EXPECT_EQ(ask(bob, R"({"type":"topic","room":"lobby","id":2})"),
              R"({"type":"topic","id":2,"room":"lobby","topic":"hi <b>"})"_json);
}

TEST_F(DefaultRoomsTest, TopicsWithQuotesAndControlsStayIntact) {
    const chatd_conn_id alice = arrive();
    const json set = {{"type", "topic"}, {"room", "lobby"}, {"topic", "a\"b\\c\n\u0001}"}};
    EXPECT_EQ(ask(alice, set.dump())["topic"], set["topic"]);
}

TEST_F(DefaultRoomsTest, AnEmptyTopicClearsIt) {
    const chatd_conn_id alice = arrive();
    answers(alice, R"({"type":"topic","room":"lobby","topic":"x"})");
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"lobby","topic":"","id":1})"),
              R"({"type":"topic","id":1,"room":"lobby","topic":null,"by":"guest-1"})"_json);
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"lobby","id":1})")["topic"], nullptr);
}

TEST_F(DefaultRoomsTest, SettingATopicNeedsMembership) {
    const chatd_conn_id alice = arrive();
    host.run_frame(alice, R"({"type":"join","room":"dev"})");
    const chatd_conn_id bob = arrive();
    expect_rejected(bob, R"({"type":"topic","room":"dev","topic":"mine","id":1})", "not_member");
    expect_nothing(host, alice);
}

TEST_F(DefaultRoomsTest, TopicFieldsMustBeStrings) {
    const chatd_conn_id alice = arrive();
    expect_rejected(alice, R"({"type":"topic","room":"lobby","topic":3,"id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"topic","room":"lobby","topic":null,"id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"topic","topic":"t","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"topic","room":[],"id":1})", "bad_request");
}

TEST_F(RoomsTest, ATopicLongerThanTheLimitIsTooLarge) {
    host.set_config_int("max_topic_bytes", 3);
    load();
    const chatd_conn_id alice = arrive();
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"lobby","topic":"abc","id":1})")["topic"],
              "abc");
    expect_rejected(alice, R"({"type":"topic","room":"lobby","topic":"abcd","id":1})", "too_large");
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"lobby","id":1})")["topic"], "abc");
}

TEST_F(DefaultRoomsTest, TheDefaultTopicLimitIs390Bytes) {
    const chatd_conn_id alice = arrive();
    json frame = {
        {"type", "topic"}, {"room", "lobby"}, {"topic", std::string(390, 't')}, {"id", 1}};
    EXPECT_EQ(ask(alice, frame.dump())["topic"], frame["topic"]);
    frame["topic"] = std::string(391, 't');
    expect_rejected(alice, frame.dump(), "too_large");
}

// A topic is stored, and kept once the room is empty: clearing it is
// setting an empty one. What keeps clients from filling memory by visiting
// new names is max_topics.
TEST_F(DefaultRoomsTest, ATopicOutlivesTheLastMemberLeaving) {
    const chatd_conn_id alice = arrive();
    host.run_frame(alice, R"({"type":"join","room":"dev"})");
    answers(alice, R"({"type":"topic","room":"dev","topic":"code"})");
    host.run_frame(alice, R"({"type":"leave","room":"dev"})");
    host.clear_outboxes();

    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"dev","id":1})"),
              R"({"type":"topic","id":1,"room":"dev","topic":"code"})"_json);
    expect_rejected(alice, R"({"type":"members","room":"dev","id":1})", "not_found");
    EXPECT_EQ(ask(alice, R"({"type":"rooms","id":1})")["rooms"],
              R"([{"room":"lobby","members":1,"topic":null}])"_json)
        << "the listing is of rooms with members";
    EXPECT_EQ(ask(alice, R"({"type":"join","room":"dev","id":1})"),
              R"({"type":"joined","id":1,"room":"dev","members":["guest-1"],"topic":"code"})"_json);
}

TEST_F(DefaultRoomsTest, ATopicOutlivesTheLastMemberDisconnecting) {
    const chatd_conn_id alice = arrive();
    host.run_frame(alice, R"({"type":"join","room":"dev"})");
    answers(alice, R"({"type":"topic","room":"dev","topic":"code"})");
    host.disconnect(alice);

    const chatd_conn_id bob = arrive();
    EXPECT_EQ(ask(bob, R"({"type":"join","room":"dev","id":1})")["topic"], "code");
}

TEST_F(DefaultRoomsTest, ARoomEmptiedByAnotherPluginKeepsItsTopic) {
    const chatd_conn_id alice = arrive();
    host.run_frame(alice, R"({"type":"join","room":"dev"})");
    answers(alice, R"({"type":"topic","room":"dev","topic":"code"})");
    host.on_pipeline([&] {
        const std::string_view room = "dev";
        EXPECT_EQ(host.api().unsubscribe(host.plugin(), alice, {room.data(), room.size()}),
                  CHATD_OK);
    });
    EXPECT_EQ(ask(alice, R"({"type":"join","room":"dev","id":1})")["topic"], "code");
}

TEST_F(DefaultRoomsTest, AClearedTopicOfAnEmptyRoomLeavesNothing) {
    const chatd_conn_id alice = arrive();
    host.run_frame(alice, R"({"type":"join","room":"dev"})");
    answers(alice, R"({"type":"topic","room":"dev","topic":"code"})");
    answers(alice, R"({"type":"topic","room":"dev","topic":""})");
    host.run_frame(alice, R"({"type":"leave","room":"dev"})");
    expect_rejected(alice, R"({"type":"topic","room":"dev","id":1})", "not_found");
}

TEST(RoomsRestart, ATopicSurvivesTheServerStoppingAndStartingOnTheSameFile) {
    chatd::test::TempDir dir;
    const std::string database = (dir.path() / "rooms.db").string();
    {
        TestHost first;
        first.set_config_string("database", database);
        ASSERT_EQ(first.load(CHATD_ROOMS_PLUGIN), "");
        const chatd_conn_id alice = first.connect();
        first.run_frame(alice, R"({"type":"topic","room":"lobby","topic":"welcome"})");
        // The answer comes once the topic is on disk, from the store's thread.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (first.received(alice).size() < 3 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            first.settle();
        }
        ASSERT_EQ(first.received(alice).back()["topic"], "welcome");
    }
    TestHost second;
    second.set_config_string("database", database);
    ASSERT_EQ(second.load(CHATD_ROOMS_PLUGIN), "");
    const chatd_conn_id bob = second.connect();
    const Frames frames = second.take(bob);
    ASSERT_EQ(frames.size(), 2u) << json(frames).dump();
    EXPECT_EQ(frames[1]["topic"], "welcome");
}

TEST_F(RoomsTest, ATopicForOneRoomMoreThanTheBoundIsForbidden) {
    host.set_config_int("max_topics", 2);
    load();
    const chatd_conn_id alice = arrive();
    for (const char *room : {"a", "b", "c"})
        host.run_frame(alice, json({{"type", "join"}, {"room", room}}).dump());
    host.clear_outboxes();
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"a","topic":"t","id":1})")["topic"], "t");
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"b","topic":"t","id":1})")["topic"], "t");
    expect_rejected(alice, R"({"type":"topic","room":"c","topic":"t","id":1})", "forbidden");
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"c","id":1})")["topic"], nullptr);
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"b","topic":"u","id":1})")["topic"], "u")
        << "a room with a topic may change it";
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"a","topic":"","id":1})")["topic"], nullptr);
    EXPECT_EQ(ask(alice, R"({"type":"topic","room":"c","topic":"t","id":1})")["topic"], "t")
        << "a cleared topic makes room";
}

TEST_F(RoomsTest, ADatabaseThatCannotBeOpenedRefusesThePluginNamingTheFile) {
    chatd::test::TempDir dir;
    const std::filesystem::path bad = dir.write("rooms.db", std::string(4096, 'x'));
    host.set_config_string("database", bad.string());
    const std::string refused = host.load(CHATD_ROOMS_PLUGIN);
    EXPECT_NE(refused.find(bad.string()), std::string::npos) << refused;
}

TEST_F(DefaultRoomsTest, SeqStartsAgainInARoomThatEmptied) {
    const chatd_conn_id alice = arrive();
    host.run_frame(alice, R"({"type":"join","room":"dev"})");
    EXPECT_EQ(say(alice, R"({"type":"message","room":"dev","text":"a"})")["seq"], 1);
    EXPECT_EQ(say(alice, R"({"type":"message","room":"dev","text":"b"})")["seq"], 2);
    host.run_frame(alice, R"({"type":"leave","room":"dev"})");
    host.run_frame(alice, R"({"type":"join","room":"dev"})");
    EXPECT_EQ(say(alice, R"({"type":"message","room":"dev","text":"c"})")["seq"], 1);
}

} // namespace
} // namespace chatd::rooms::testing
