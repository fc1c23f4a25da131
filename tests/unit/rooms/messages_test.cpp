// Room messages (resolved and checked here, then committed, delivered and
// acked by the host), plain text and its default room, typing, and frames that
// are not the plugin's.
#include "rooms_fixture.hpp"

namespace chatd::rooms::testing {
namespace {

TEST_F(DefaultRoomsTest, AMessageToARoomOneIsInIsDeliveredUnchangedAndAcked) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = arrive();
    const Frames sent =
        host.run_frame(alice, R"({"type":"message","room":"lobby","text":"hi","id":1})");
    ASSERT_EQ(sent.size(), 2u) << json(sent).dump();
    EXPECT_EQ(without_ts(sent[0]), message("lobby", 1, "guest-1", "hi"));
    json ack = R"({"type":"ack","id":1,"room":"lobby","seq":1})"_json;
    ack["ts"] = sent[0]["ts"];
    EXPECT_EQ(sent[1], ack);
    EXPECT_EQ(single(host, bob), sent[0]) << "every member gets the same frame";
}

TEST_F(DefaultRoomsTest, PlainTextGoesToTheDefaultRoom) {
    const chatd_conn_id alice = arrive();
    EXPECT_EQ(say(alice, R"({"type":"message","text":"hello"})"),
              message("lobby", 1, "guest-1", "hello"));
    EXPECT_EQ(say(alice, "hello again"), message("lobby", 2, "guest-1", "hello again"));
}

TEST_F(DefaultRoomsTest, TheDefaultRoomIsTheMostRecentlyJoinedOneStillIn) {
    const chatd_conn_id alice = arrive();
    const auto default_room = [&] {
        return say(alice, R"({"type":"message","text":"x"})")["room"];
    };
    host.run_frame(alice, R"({"type":"join","room":"dev"})");
    host.run_frame(alice, R"({"type":"join","room":"ops"})");
    EXPECT_EQ(default_room(), "ops");
    host.run_frame(alice, R"({"type":"leave","room":"ops"})");
    EXPECT_EQ(default_room(), "dev");
    // Re-joining is joining most recently, though nothing else changes.
    host.run_frame(alice, R"({"type":"join","room":"lobby"})");
    EXPECT_EQ(default_room(), "lobby");
    host.run_frame(alice, R"({"type":"leave","room":"lobby"})");
    EXPECT_EQ(default_room(), "dev");
}

TEST_F(DefaultRoomsTest, TheDefaultRoomFollowsTheHostsSubscriptions) {
    const chatd_conn_id alice = arrive();
    host.run_frame(alice, R"({"type":"join","room":"dev"})");
    // Another plugin may unsubscribe a connection without telling rooms.
    chatd_status unsubscribed = CHATD_ERR_STATE;
    host.on_pipeline([&] {
        unsubscribed = host.api().unsubscribe(host.plugin(), alice, {"dev", 3});
    });
    ASSERT_EQ(unsubscribed, CHATD_OK);
    EXPECT_EQ(say(alice, R"({"type":"message","text":"x"})")["room"], "lobby");
}

TEST_F(DefaultRoomsTest, PlainTextWhileInNoRoomIsNotMember) {
    const chatd_conn_id alice = arrive();
    host.run_frame(alice, R"({"type":"leave","room":"lobby"})");
    expect_rejected(alice, R"({"type":"message","text":"anyone?","id":1})", "not_member");
}

TEST_F(DefaultRoomsTest, AMessageToARoomOneIsNotInIsNotMember) {
    const chatd_conn_id alice = arrive();
    expect_rejected(alice, R"({"type":"message","room":"dev","text":"hi","id":1})", "not_member");
}

TEST_F(DefaultRoomsTest, AMessageNeedsNonEmptyStringText) {
    const chatd_conn_id alice = arrive();
    expect_rejected(alice, R"({"type":"message","room":"lobby","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"message","room":"lobby","text":5,"id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"message","room":"lobby","text":null,"id":1})",
                    "bad_request");
    expect_rejected(alice, R"({"type":"message","room":"lobby","text":"","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"message","text":"","id":1})", "bad_request");
}

TEST_F(DefaultRoomsTest, AMessageRoomMustBeAValidName) {
    const chatd_conn_id alice = arrive();
    expect_rejected(alice, R"({"type":"message","room":1,"text":"hi","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"message","room":"","text":"hi","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"message","room":"l obby","text":"hi","id":1})",
                    "bad_request");
}

TEST_F(RoomsTest, TextLongerThanTheLimitIsTooLarge) {
    host.set_config_int("max_text_bytes", 8);
    load();
    const chatd_conn_id alice = arrive();
    EXPECT_EQ(say(alice, R"({"type":"message","text":"12345678"})")["text"], "12345678");
    expect_rejected(alice, R"({"type":"message","text":"123456789","id":1})", "too_large");
    // Bytes, not characters: four two-byte letters fill the limit, five pass it.
    EXPECT_EQ(say(alice, R"({"type":"message","text":"éééé"})")["text"], "éééé");
    expect_rejected(alice, R"({"type":"message","text":"ééééé","id":1})", "too_large");
}

TEST_F(DefaultRoomsTest, TheDefaultTextLimitIs16KiB) {
    const chatd_conn_id alice = arrive();
    json frame = {{"type", "message"}, {"text", std::string(16384, 'a')}, {"id", 1}};
    EXPECT_EQ(say(alice, frame.dump())["text"], frame["text"]);
    frame["text"] = std::string(16385, 'a');
    expect_rejected(alice, frame.dump(), "too_large");
}

TEST_F(DefaultRoomsTest, TypingTellsTheOthersOnly) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = arrive();
    EXPECT_EQ(host.run_frame(alice, R"({"type":"typing","room":"lobby","id":1})"), Frames{});
    EXPECT_EQ(single(host, bob), R"({"type":"typing","room":"lobby","user":"guest-1"})"_json);
}

TEST_F(DefaultRoomsTest, TypingNeedsMembershipAndAValidRoom) {
    const chatd_conn_id alice = arrive();
    expect_rejected(alice, R"({"type":"typing","room":"dev","id":1})", "not_member");
    expect_rejected(alice, R"({"type":"typing","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"typing","room":{},"id":1})", "bad_request");
}

TEST_F(DefaultRoomsTest, OtherFrameTypesAreLeftToTheHost) {
    const chatd_conn_id alice = arrive();
    EXPECT_EQ(ask(alice, R"({"type":"ping","id":1})"), R"({"type":"pong","id":1})"_json);
    // Neither is checked here (a room of 5 would be a bad_request): the host
    // answers that nothing handles them.
    expect_error(ask(alice, R"({"type":"uptime","room":5,"id":1})"), "unknown_type");
    expect_error(ask(alice, R"({"type":"joined","room":"lobby","id":1})"), "unknown_type");
}

} // namespace
} // namespace chatd::rooms::testing
