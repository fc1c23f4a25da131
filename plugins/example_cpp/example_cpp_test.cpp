// Unit tests of example_cpp in the test host (chatd's own pipeline, loader and
// config checks with a fake network and clock), loaded from its .so as chatd
// loads it: alone for the roll, behind the rooms plugin for /me, since only
// rooms makes a message a room message. Built in chatd's tree and, against
// the installed package, as a plugin author builds it (tests/out_of_tree).
#include <chatd/test_host.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace {

using chatd::test::TestHost;
using nlohmann::json;
using Frames = std::vector<json>;

// A new connection whose hello (and lobby frames, with rooms) are read.
chatd_conn_id arrive(TestHost &host) {
    const chatd_conn_id conn = host.connect();
    host.clear_outboxes();
    return conn;
}

// The one frame conn got for `frame`; fails otherwise.
json answer(TestHost &host, chatd_conn_id conn, const json &frame) {
    const Frames got = host.run_frame(conn, frame.dump());
    EXPECT_EQ(got.size(), 1u) << json(got).dump();
    return got.empty() ? json() : got.front();
}

TEST(ExampleCppRoll, AnswersWithinItsSidesAndEchoesTheId) {
    TestHost host;
    ASSERT_EQ(host.load(CHATD_EXAMPLE_CPP_PLUGIN), "");
    const chatd_conn_id alice = arrive(host);
    for (int i = 0; i < 50; ++i) {
        const json roll = answer(host, alice, {{"type", "roll"}, {"sides", 3}, {"id", i}});
        EXPECT_EQ(roll["type"], "roll") << roll;
        EXPECT_EQ(roll["id"], i) << roll;
        EXPECT_EQ(roll["sides"], 3) << roll;
        EXPECT_GE(roll["result"].get<int>(), 1) << roll;
        EXPECT_LE(roll["result"].get<int>(), 3) << roll;
    }
    EXPECT_EQ(answer(host, alice, {{"type", "roll"}})["sides"], 6);
}

TEST(ExampleCppRoll, RefusesSidesOutsideTwoToMaxSides) {
    TestHost host;
    host.set_config_int("max_sides", 10);
    ASSERT_EQ(host.load(CHATD_EXAMPLE_CPP_PLUGIN), "");
    const chatd_conn_id alice = arrive(host);
    for (int sides : {1, 11}) {
        const json refused = answer(host, alice, {{"type", "roll"}, {"sides", sides}, {"id", 1}});
        EXPECT_EQ(refused["type"], "error") << refused;
        EXPECT_EQ(refused["code"], "bad_request") << refused;
        EXPECT_EQ(refused["message"], "sides must be 2..10") << refused;
    }
    EXPECT_EQ(answer(host, alice, {{"type", "roll"}, {"sides", 10}})["type"], "roll");
}

TEST(ExampleCppRoll, AMaxSidesOutOfItsRangeRefusesThePlugin) {
    TestHost host;
    host.set_config_int("max_sides", 1);
    const std::string refused = host.load(CHATD_EXAMPLE_CPP_PLUGIN);
    EXPECT_NE(refused.find("max_sides"), std::string::npos) << refused;
}

class ExampleCppMe : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_EQ(host.load(CHATD_ROOMS_PLUGIN), "");
        ASSERT_EQ(host.load(CHATD_EXAMPLE_CPP_PLUGIN), "");
        alice = arrive(host);
        bob = arrive(host);
    }
    TestHost host;
    chatd_conn_id alice = 0;
    chatd_conn_id bob = 0;
};

TEST_F(ExampleCppMe, RewritesPlainTextForTheWholeRoom) {
    const Frames sent = host.run_frame(alice, "/me waves");
    ASSERT_EQ(sent.size(), 2u) << json(sent).dump(); // the message, then the ack
    EXPECT_EQ(sent[0]["text"], "* guest-1 waves");
    EXPECT_EQ(sent[1]["type"], "ack");
    const Frames seen = host.take(bob);
    ASSERT_EQ(seen.size(), 1u) << json(seen).dump();
    EXPECT_EQ(seen[0]["type"], "message");
    EXPECT_EQ(seen[0]["room"], "lobby");
    EXPECT_EQ(seen[0]["from"], "guest-1");
    EXPECT_EQ(seen[0]["text"], "* guest-1 waves");
}

TEST_F(ExampleCppMe, LeavesOtherTextAlone) {
    for (const char *text : {"/mean it", "me /me", "/me"}) {
        const json frame = {{"type", "message"}, {"room", "lobby"}, {"text", text}};
        const Frames sent = host.run_frame(alice, frame.dump());
        ASSERT_FALSE(sent.empty()) << text;
        EXPECT_EQ(sent[0]["text"], text);
    }
}

} // namespace
