// Direct messages: checked here, delivered through the host's message path to
// every connection of the two users and nobody else; their rooms are no
// client's to join, list or look into.
#include "rooms_fixture.hpp"

namespace chatd::rooms::testing {
namespace {

class DirectMessagesTest : public RoomsTest {
protected:
    void SetUp() override {
        configure();
        load();
    }
    // Config for the plugin before it loads.
    virtual void configure() {}

    // A settled connection named `user`.
    chatd_conn_id arrive_as(std::string_view user) {
        const chatd_conn_id conn = arrive();
        host.set_user(conn, user);
        return conn;
    }
};

TEST_F(DirectMessagesTest, ADmReachesEveryConnectionOfBothUsersOnly) {
    const chatd_conn_id alice = arrive_as("alice");
    const chatd_conn_id alice2 = arrive_as("Alice");
    const chatd_conn_id bob = arrive_as("bob");
    const chatd_conn_id bob2 = arrive_as("bob");
    const chatd_conn_id carol = arrive_as("carol");

    json sent = say(alice, R"({"type":"dm","to":"Bob","text":"psst","id":1})");
    json want = message("dm:alice:bob", 1, "alice", "psst");
    want["to"] = "Bob";
    EXPECT_EQ(sent, want);
    host.settle();
    for (chatd_conn_id conn : {alice2, bob, bob2}) {
        SCOPED_TRACE(conn);
        EXPECT_EQ(without_ts(single(host, conn)), want) << "no joined, no presence: just the dm";
    }
    expect_nothing(host, carol);

    // The answer goes the other way in the same room.
    want = message("dm:alice:bob", 2, "bob", "hi");
    want["to"] = "alice";
    EXPECT_EQ(say(bob2, R"({"type":"dm","to":"alice","text":"hi"})"), want);
    expect_nothing(host, carol);
}

TEST_F(DirectMessagesTest, ADmToSomeoneOfflineStillReachesTheSender) {
    const chatd_conn_id alice = arrive_as("alice");
    json want = message("dm:alice:dave", 1, "alice", "call me");
    want["to"] = "dave";
    EXPECT_EQ(say(alice, R"({"type":"dm","to":"dave","text":"call me"})"), want);
}

TEST_F(DirectMessagesTest, PlainTextStaysInTheRoomsOneJoined) {
    const chatd_conn_id alice = arrive_as("alice");
    const chatd_conn_id bob = arrive_as("bob");
    say(alice, R"({"type":"dm","to":"bob","text":"psst"})");
    host.clear_outboxes();
    EXPECT_EQ(say(bob, "hello all"), message("lobby", 1, "bob", "hello all"));
}

TEST_F(DirectMessagesTest, AWrongDmIsRefused) {
    const chatd_conn_id alice = arrive_as("alice");
    expect_rejected(alice, R"({"type":"dm","text":"x","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"dm","to":7,"text":"x","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"dm","to":"","text":"x","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"dm","to":"a:b","text":"x","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"dm","to":"a\u0001b","text":"x","id":1})", "bad_request");
    const std::string too_long =
        R"({"type":"dm","to":")" + std::string(65, 'b') + R"(","text":"x","id":1})";
    expect_rejected(alice, too_long, "bad_request");
    expect_rejected(alice, R"({"type":"dm","to":"bob","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"dm","to":"bob","text":"","id":1})", "bad_request");
    expect_rejected(alice, R"({"type":"dm","to":"ALICE","text":"me","id":1})", "bad_request");
    const std::string big =
        R"({"type":"dm","to":"bob","text":")" + std::string(16385, 'x') + R"(","id":1})";
    expect_rejected(alice, big, "too_large");
}

TEST_F(DirectMessagesTest, ASenderWhoseNameHasAColonCannotDm) {
    const chatd_conn_id odd = arrive_as("a:b");
    expect_rejected(odd, R"({"type":"dm","to":"bob","text":"x","id":1})", "forbidden");
}

TEST_F(DirectMessagesTest, DmRoomsAreNotJoinedByName) {
    const chatd_conn_id carol = arrive_as("carol");
    expect_rejected(carol, R"({"type":"join","room":"dm:alice:bob","id":1})", "forbidden");
    expect_rejected(carol, R"({"type":"join","room":"dm:x","id":1})", "forbidden");
}

TEST_F(DirectMessagesTest, DmRoomsAreNotListedAndTheirMembersOnlyForTheTwo) {
    const chatd_conn_id alice = arrive_as("alice");
    const chatd_conn_id carol = arrive_as("carol");
    say(alice, R"({"type":"dm","to":"bob","text":"psst"})");
    say(alice, R"({"type":"dm","to":"zed","text":"psst"})");
    host.clear_outboxes();
    EXPECT_EQ(ask(carol, R"({"type":"rooms","limit":1,"cursor":"a","id":1})"),
              R"({"type":"rooms","id":1,"rooms":[{"room":"lobby","members":2,"topic":null}]})"_json)
        << "the page skips the dm rooms between a and lobby";
    expect_rejected(carol, R"({"type":"members","room":"dm:alice:bob","id":1})", "forbidden");
    EXPECT_EQ(ask(alice, R"({"type":"members","room":"dm:alice:bob","id":1})"),
              R"({"type":"members","id":1,"room":"dm:alice:bob","members":["alice"]})"_json);
}

TEST_F(DirectMessagesTest, LeavingADmRoomStopsItsDeliveryUntilTheNextDm) {
    const chatd_conn_id alice = arrive_as("alice");
    const chatd_conn_id bob = arrive_as("bob");
    say(alice, R"({"type":"dm","to":"bob","text":"one"})");
    host.clear_outboxes();
    EXPECT_EQ(ask(bob, R"({"type":"leave","room":"dm:alice:bob","id":1})"),
              R"({"type":"left","id":1,"room":"dm:alice:bob"})"_json);
    expect_nothing(host, alice);
    say(alice, R"({"type":"dm","to":"bob","text":"two"})");
    host.settle();
    EXPECT_EQ(single(host, bob)["text"], "two");
}

class TwoRoomsEachTest : public DirectMessagesTest {
    void configure() override { host.set_config_int("max_rooms_per_connection", 2); }
};

TEST_F(TwoRoomsEachTest, DmRoomsDoNotCountAgainstTheRoomsOneMayJoin) {
    const chatd_conn_id alice = arrive_as("alice");
    for (const char *to : {"u1", "u2", "u3"})
        say(alice, std::string(R"({"type":"dm","text":"x","to":")") + to + R"("})");
    host.clear_outboxes();
    EXPECT_EQ(ask(alice, R"({"type":"join","room":"dev","id":1})")["type"], "joined");
}

} // namespace
} // namespace chatd::rooms::testing
