// Room messages (checked, then left to the host's terminal), plain text and
// its default room, typing, and frames that are not the plugin's.
#include "rooms_fixture.hpp"

namespace chatd::rooms::testing {
namespace {

TEST_F(DefaultRoomsTest, AMessageToARoomOneIsInGoesOnUnchanged) {
    const chatd_conn_id alice = arrive();
    const auto frame = R"({"type":"message","room":"lobby","text":"hi","id":1})"_json;
    EXPECT_EQ(host.run_frame(alice, frame.dump()), CHATD_STAGE_CONTINUE);
    EXPECT_EQ(host.last_frame(), frame);
    expect_nothing(host, alice);
}

TEST_F(DefaultRoomsTest, PlainTextGoesToTheDefaultRoom) {
    const chatd_conn_id alice = arrive();
    EXPECT_EQ(host.run_frame(alice, R"({"type":"message","text":"hello"})"), CHATD_STAGE_CONTINUE);
    EXPECT_EQ(host.last_frame(), R"({"type":"message","text":"hello","room":"lobby"})"_json);
}

TEST_F(DefaultRoomsTest, TheDefaultRoomIsTheMostRecentlyJoinedOneStillIn) {
    const chatd_conn_id alice = arrive();
    const auto default_room = [&] {
        host.run_frame(alice, R"({"type":"message","text":"x"})");
        return host.last_frame()["room"];
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
    const std::string dev = "dev";
    ASSERT_EQ(host.api().unsubscribe(host.plugin(), alice, {dev.data(), dev.size()}), CHATD_OK);
    host.run_frame(alice, R"({"type":"message","text":"x"})");
    EXPECT_EQ(host.last_frame()["room"], "lobby");
}

TEST_F(DefaultRoomsTest, PlainTextWhileInNoRoomIsNotMember) {
    const chatd_conn_id alice = arrive();
    host.run_frame(alice, R"({"type":"leave","room":"lobby"})");
    host.take(alice);
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
    EXPECT_EQ(host.run_frame(alice, R"({"type":"message","text":"12345678"})"),
              CHATD_STAGE_CONTINUE);
    expect_rejected(alice, R"({"type":"message","text":"123456789","id":1})", "too_large");
    // Bytes, not characters: four two-byte letters fill the limit, five pass it.
    EXPECT_EQ(host.run_frame(alice, R"({"type":"message","text":"éééé"})"), CHATD_STAGE_CONTINUE);
    expect_rejected(alice, R"({"type":"message","text":"ééééé","id":1})", "too_large");
}

TEST_F(DefaultRoomsTest, TheDefaultTextLimitIs16KiB) {
    const chatd_conn_id alice = arrive();
    json frame = {{"type", "message"}, {"text", std::string(16384, 'a')}, {"id", 1}};
    EXPECT_EQ(host.run_frame(alice, frame.dump()), CHATD_STAGE_CONTINUE);
    frame["text"] = std::string(16385, 'a');
    expect_rejected(alice, frame.dump(), "too_large");
}

TEST_F(DefaultRoomsTest, TypingTellsTheOthersOnly) {
    const chatd_conn_id alice = arrive();
    const chatd_conn_id bob = arrive();
    EXPECT_EQ(host.run_frame(alice, R"({"type":"typing","room":"lobby","id":1})"),
              CHATD_STAGE_HANDLED);
    expect_nothing(host, alice);
    EXPECT_EQ(single(host, bob), R"({"type":"typing","room":"lobby","user":"guest-1"})"_json);
}

TEST_F(DefaultRoomsTest, TypingNeedsMembershipAndAValidRoom) {
    const chatd_conn_id alice = arrive();
    expect_rejected(alice, R"({"type":"typing","room":"dev","id":1})", "not_member");
    expect_rejected(alice, R"({"type":"typing","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"typing","room":{},"id":1})", "bad_request");
}

TEST_F(DefaultRoomsTest, OtherFrameTypesAreLeftToLaterStages) {
    const chatd_conn_id alice = arrive();
    for (const char *frame : {R"({"type":"ping","id":1})", R"({"type":"uptime","room":5})",
                              R"({"type":"joined","room":"lobby"})"}) {
        EXPECT_EQ(host.run_frame(alice, frame), CHATD_STAGE_CONTINUE) << frame;
        EXPECT_EQ(host.last_frame(), json::parse(frame));
    }
    expect_nothing(host, alice);
}

} // namespace
} // namespace chatd::rooms::testing
