// Auto-join on open, join, leave, presence and the close announcement.
#include "rooms_fixture.hpp"

namespace chatd::rooms::testing {
namespace {

TEST_F(DefaultRoomsTest, OpenJoinsTheDefaultRoomWithoutAnId) {
    const chatd_conn_id alice = host.connect();
    EXPECT_EQ(after_hello(alice),
              R"({"type":"joined","room":"lobby","members":["guest-1"],"topic":null})"_json);
}

TEST_F(DefaultRoomsTest, OpenTellsTheOthersInTheDefaultRoom) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = host.connect();
    EXPECT_EQ(
        after_hello(bob),
        R"({"type":"joined","room":"lobby","members":["guest-1","guest-2"],"topic":null})"_json);
    EXPECT_EQ(single(host, alice),
              R"({"type":"presence","room":"lobby","user":"guest-2","event":"join"})"_json);
}

TEST_F(RoomsTest, OpenJoinsTheConfiguredDefaultRoom) {
    host.set_config_string("default_room", "welcome.hall");
    load();
    const chatd_conn_id alice = host.connect();
    EXPECT_EQ(after_hello(alice)["room"], "welcome.hall");
}

TEST_F(DefaultRoomsTest, JoinRepliesWithMembersInJoinOrderAndTellsTheRoom) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = arrive();
    const chatd_conn_id carol = arrive();
    host.run_frame(bob, R"({"type":"join","room":"dev","id":"b1"})");
    host.run_frame(alice, R"({"type":"join","room":"dev","id":7})");
    host.clear_outboxes();

    EXPECT_EQ(
        ask(carol, R"({"type":"join","room":"dev","id":1})"),
        R"({"type":"joined","id":1,"room":"dev","members":["guest-2","guest-1","guest-3"],"topic":null})"_json);
    const json presence =
        R"({"type":"presence","room":"dev","user":"guest-3","event":"join"})"_json;
    EXPECT_EQ(single(host, alice), presence);
    EXPECT_EQ(single(host, bob), presence);
}

TEST_F(DefaultRoomsTest, JoinIsAReplySoTheRequestIdComesBack) {
    const chatd_conn_id alice = arrive();
    EXPECT_EQ(ask(alice, R"({"type":"join","room":"a","id":"x-1"})")["id"], "x-1");
    EXPECT_EQ(ask(alice, R"({"type":"join","room":"b","id":2.5})")["id"], 2.5);
    EXPECT_FALSE(ask(alice, R"({"type":"join","room":"c"})").contains("id"));
}

TEST_F(DefaultRoomsTest, JoinShowsTheTopic) {
    const chatd_conn_id alice = arrive();
    answers(alice, R"({"type":"topic","room":"lobby","topic":"welcome"})");
    const chatd_conn_id bob = host.connect();
    EXPECT_EQ(after_hello(bob)["topic"], "welcome");
}

TEST_F(DefaultRoomsTest, RejoiningAnswersJoinedWithoutPresence) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = arrive();
    EXPECT_EQ(
        ask(bob, R"({"type":"join","room":"lobby","id":1})"),
        R"({"type":"joined","id":1,"room":"lobby","members":["guest-1","guest-2"],"topic":null})"_json);
    expect_nothing(host, alice);
}

TEST_F(RoomsTest, JoinBeyondTheRoomLimitIsForbidden) {
    host.set_config_int("max_rooms_per_connection", 2);
    load();
    const chatd_conn_id alice = arrive();
    EXPECT_EQ(ask(alice, R"({"type":"join","room":"dev","id":1})")["type"], "joined");
    expect_rejected(alice, R"({"type":"join","room":"ops","id":1})", "forbidden");
    // Being at the limit does not stop re-joining a room one is already in.
    EXPECT_EQ(ask(alice, R"({"type":"join","room":"dev","id":1})")["type"], "joined");
    host.run_frame(alice, R"({"type":"leave","room":"dev"})");
    EXPECT_EQ(ask(alice, R"({"type":"join","room":"ops","id":1})")["type"], "joined");
}

TEST_F(DefaultRoomsTest, JoinNeedsAValidRoomName) {
    const chatd_conn_id alice = arrive();
    expect_rejected(alice, R"({"type":"join","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"join","room":7,"id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"join","room":null,"id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"join","room":"","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"join","room":"a b","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"join","room":"caf\u00e9","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"join","room":"a/b","id":1})", "bad_request");
    const json too_long = {{"type", "join"}, {"room", std::string(65, 'r')}, {"id", 1}};
    expect_rejected(alice, too_long.dump(), "bad_request");
    const json longest = {{"type", "join"}, {"room", std::string(64, 'r')}, {"id", 1}};
    EXPECT_EQ(ask(alice, longest.dump())["type"], "joined");
    EXPECT_EQ(ask(alice, R"({"type":"join","room":"Az09_-.x","id":1})")["type"], "joined");
}

TEST_F(DefaultRoomsTest, ABadFieldIsNamedInTheError) {
    const chatd_conn_id alice = arrive();
    const json frame = ask(alice, R"({"type":"join","room":["lobby"],"id":1})");
    EXPECT_NE(frame["message"].get<std::string>().find("room"), std::string::npos) << frame;
}

TEST_F(RoomsTest, RoomNameLengthFollowsTheConfig) {
    host.set_config_int("max_room_name_bytes", 4);
    host.set_config_string("default_room", "hall");
    load();
    const chatd_conn_id alice = arrive();
    EXPECT_EQ(ask(alice, R"({"type":"join","room":"abcd","id":1})")["type"], "joined");
    expect_rejected(alice, R"({"type":"join","room":"abcde","id":1})", "bad_request");
}

TEST_F(DefaultRoomsTest, LeaveRepliesAndTellsTheRemainingMembers) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = arrive();
    EXPECT_EQ(ask(bob, R"({"type":"leave","room":"lobby","id":1})"),
              R"({"type":"left","id":1,"room":"lobby"})"_json);
    EXPECT_EQ(single(host, alice),
              R"({"type":"presence","room":"lobby","user":"guest-2","event":"leave"})"_json);
    EXPECT_EQ(ask(alice, R"({"type":"members","room":"lobby","id":1})")["members"],
              R"(["guest-1"])"_json);
}

TEST_F(DefaultRoomsTest, LeavingARoomOneIsNotInIsNotMember) {
    const chatd_conn_id alice = arrive();
    expect_rejected(alice, R"({"type":"leave","room":"dev","id":1})", "not_member");
    host.run_frame(alice, R"({"type":"leave","room":"lobby"})");
    expect_rejected(alice, R"({"type":"leave","room":"lobby","id":1})", "not_member");
}

TEST_F(DefaultRoomsTest, LeaveNeedsAValidRoomName) {
    const chatd_conn_id alice = arrive();
    expect_rejected(alice, R"({"type":"leave","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"leave","room":false,"id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"leave","room":"no way","id":1})", "bad_request");
}

TEST_F(DefaultRoomsTest, CloseTellsEveryRoomTheConnectionWasIn) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = arrive();
    const chatd_conn_id carol = arrive();
    host.run_frame(alice, R"({"type":"join","room":"dev"})");
    host.run_frame(bob, R"({"type":"join","room":"dev"})");
    host.clear_outboxes();

    host.disconnect(alice);
    EXPECT_EQ(host.take(bob),
              (std::vector<json>{
                  R"({"type":"presence","room":"lobby","user":"guest-1","event":"leave"})"_json,
                  R"({"type":"presence","room":"dev","user":"guest-1","event":"leave"})"_json}));
    EXPECT_EQ(single(host, carol),
              R"({"type":"presence","room":"lobby","user":"guest-1","event":"leave"})"_json);
    EXPECT_EQ(ask(bob, R"({"type":"members","room":"dev","id":1})")["members"],
              R"(["guest-2"])"_json);
}

TEST_F(DefaultRoomsTest, PresenceUsesTheCurrentUserName) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = arrive();
    host.set_user(bob, "bob");
    host.run_frame(bob, R"({"type":"leave","room":"lobby"})");
    EXPECT_EQ(single(host, alice)["user"], "bob");
}

} // namespace
} // namespace chatd::rooms::testing
