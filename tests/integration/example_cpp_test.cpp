// The C++ example plugin with rooms: /me is rewritten after rooms resolved
// the message and before it is delivered, and roll is a new frame type.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"

namespace chatd::test {
namespace {

using nlohmann::json;

class ExampleCppTest : public IntegrationTest {
protected:
    void SetUp() override {
        plugins_ = plugin_dir({CHATD_ROOMS_PLUGIN, CHATD_EXAMPLE_CPP_PLUGIN});
        start({.plugin_dir = plugins_->path(), .pipeline = {"rooms", "example_cpp"}});
    }
    std::unique_ptr<TempDir> plugins_;
};

TEST_F(ExampleCppTest, MeIsRewrittenForTheWholeRoomIncludingPlainText) {
    auto &sender = connect_guest();
    auto &listener = connect_guest();
    sender.ws.send_text("/me waves");
    for (auto *guest : {&sender, &listener}) {
        const auto message = guest->ws.wait_for(has_fields({{"type", "message"}}));
        ASSERT_TRUE(message);
        EXPECT_EQ((*message)["text"], "* " + sender.user + " waves");
        EXPECT_EQ((*message)["room"], "lobby");
    }
}

TEST_F(ExampleCppTest, OtherTextPassesUnchanged) {
    auto &sender = connect_guest();
    request(sender.ws, {{"type", "message"}, {"room", "lobby"}, {"text", "/mean it"}});
    const auto message = sender.ws.wait_for(has_fields({{"type", "message"}}));
    ASSERT_TRUE(message);
    EXPECT_EQ((*message)["text"], "/mean it");
}

TEST_F(ExampleCppTest, RollIsAnsweredWithinItsSidesAndBadSidesAreRefused) {
    auto &guest = connect_guest();
    for (int i = 0; i < 20; ++i) {
        json roll = request(guest.ws, {{"type", "roll"}, {"sides", 3}});
        ASSERT_EQ(roll["type"], "roll") << roll;
        EXPECT_GE(roll["result"].get<int>(), 1);
        EXPECT_LE(roll["result"].get<int>(), 3);
    }
    EXPECT_EQ(request(guest.ws, {{"type", "roll"}, {"sides", 1}})["code"], "bad_request");
    EXPECT_EQ(request(guest.ws, {{"type", "roll"}, {"sides", 5000}})["code"], "bad_request");
}

} // namespace
} // namespace chatd::test
