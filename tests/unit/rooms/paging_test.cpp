// rooms and members answers in pages, and the bounded member list of joined.
#include "rooms_fixture.hpp"

namespace chatd::rooms::testing {
namespace {

// Pages of two entries, at most three on request.
class PagedRoomsTest : public RoomsTest {
protected:
    void SetUp() override {
        host.set_config_int("default_limit", 2);
        host.set_config_int("max_limit", 3);
        load();
    }
};

TEST_F(PagedRoomsTest, RoomsComeInPagesByNameUntilTheLastHasNoCursor) {
    const chatd_conn_id alice = arrive();
    for (const char *room : {"d", "b", "c", "a"})
        host.run_frame(alice, json({{"type", "join"}, {"room", room}}).dump());
    answers(alice, R"({"type":"topic","room":"c","topic":"see"})");
    host.clear_outboxes();

    EXPECT_EQ(ask(alice, R"({"type":"rooms","id":1})"), R"({"type":"rooms","id":1,"rooms":[
        {"room":"a","members":1,"topic":null},
        {"room":"b","members":1,"topic":null}],"next_cursor":"b"})"_json);
    EXPECT_EQ(ask(alice, R"({"type":"rooms","cursor":"b","id":1})"), R"({"type":"rooms","id":1,
        "rooms":[{"room":"c","members":1,"topic":"see"},{"room":"d","members":1,"topic":null}],
        "next_cursor":"d"})"_json);
    EXPECT_EQ(ask(alice, R"({"type":"rooms","cursor":"d","id":1})"), R"({"type":"rooms","id":1,
        "rooms":[{"room":"lobby","members":1,"topic":null}]})"_json);
    EXPECT_EQ(ask(alice, R"({"type":"rooms","cursor":"lobby","id":1})"),
              R"({"type":"rooms","id":1,"rooms":[]})"_json);

    const json three = ask(alice, R"({"type":"rooms","limit":3,"cursor":"a","id":1})");
    EXPECT_EQ(three["rooms"].size(), 3u);
    EXPECT_EQ(three["next_cursor"], "d");
}

TEST_F(PagedRoomsTest, ACursorNeedNotBeARoomThatStillExists) {
    const chatd_conn_id alice = arrive();
    host.run_frame(alice, R"({"type":"join","room":"b"})");
    host.run_frame(alice, R"({"type":"join","room":"c"})");
    host.run_frame(alice, R"({"type":"leave","room":"b"})");
    host.clear_outboxes();
    EXPECT_EQ(ask(alice, R"({"type":"rooms","cursor":"b","id":1})")["rooms"],
              R"([{"room":"c","members":1,"topic":null},
                  {"room":"lobby","members":1,"topic":null}])"_json);
}

TEST_F(PagedRoomsTest, AWrongLimitOrCursorIsABadRequest) {
    const chatd_conn_id alice = arrive();
    for (const char *frame : {
             R"({"type":"rooms","limit":0,"id":1})",
             R"({"type":"rooms","limit":4,"id":1})",
             R"({"type":"rooms","limit":-1,"id":1})",
             R"({"type":"rooms","limit":"2","id":1})",
             R"({"type":"rooms","limit":1.5,"id":1})",
             R"({"type":"rooms","limit":null,"id":1})",
             R"({"type":"rooms","cursor":5,"id":1})",
             R"({"type":"members","room":"lobby","limit":4,"id":1})",
             R"({"type":"members","room":"lobby","cursor":"x","id":1})",
             R"({"type":"members","room":"lobby","cursor":"-1","id":1})",
             R"({"type":"members","room":"lobby","cursor":1,"id":1})",
         })
        expect_rejected(alice, frame, "bad_request");
}

TEST_F(PagedRoomsTest, MembersComeInPagesInJoinOrder) {
    for (int i = 0; i < 3; ++i)
        arrive();
    const chatd_conn_id asker = 1;
    EXPECT_EQ(ask(asker, R"({"type":"members","room":"lobby","id":1})"),
              R"({"type":"members","id":1,"room":"lobby","members":["guest-1","guest-2"],
                  "next_cursor":"2"})"_json);
    EXPECT_EQ(ask(asker, R"({"type":"members","room":"lobby","cursor":"2","id":1})"),
              R"({"type":"members","id":1,"room":"lobby","members":["guest-3"]})"_json);
    EXPECT_EQ(ask(asker, R"({"type":"members","room":"lobby","limit":3,"id":1})")["members"],
              R"(["guest-1","guest-2","guest-3"])"_json);
    EXPECT_EQ(ask(asker, R"({"type":"members","room":"lobby","cursor":"9","id":1})")["members"],
              json::array())
        << "past the end, e.g. after members left";
}

TEST_F(PagedRoomsTest, JoinedListsOnePageOfMembersAndTheTotal) {
    arrive();
    const chatd_conn_id bob = host.connect();
    EXPECT_EQ(after_hello(bob), R"({"type":"joined","room":"lobby",
        "members":["guest-1","guest-2"],"topic":null})"_json)
        << "a room that fits one page: the frame as it always was";

    const chatd_conn_id carol = host.connect();
    EXPECT_EQ(after_hello(carol), R"({"type":"joined","room":"lobby",
        "members":["guest-1","guest-2"],"topic":null,"members_total":3,"next_cursor":"2"})"_json);
    EXPECT_EQ(ask(carol, R"({"type":"members","room":"lobby","cursor":"2","id":1})")["members"],
              R"(["guest-3"])"_json);
}

} // namespace
} // namespace chatd::rooms::testing
