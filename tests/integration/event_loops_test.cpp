// chatd serving on two event loops (io_threads = 2): a room whose members
// sit on both loops sees every message once and in one order, and a shutdown
// closes the clients of both loops within its deadline.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"

#include <csignal>
#include <map>
#include <string>
#include <vector>

namespace chatd::test {
namespace {

using nlohmann::json;

class EventLoopsTest : public IntegrationTest {
protected:
    // Enough guests that the kernel's spreading of clients over the two
    // listen sockets puts members on both loops (all on one: 2^-23).
    static constexpr int kGuests = 24;

    void start_two_loops() {
        start({.server = "io_threads = 2\nrate_limit_per_second = 100000\n"
                         "rate_limit_burst = 100000\n"});
        ASSERT_TRUE(server().wait_for_log("serving on 2 event loops"));
        for (int i = 0; i < kGuests; ++i)
            guests.push_back(&connect_guest());
    }

    std::vector<Guest *> guests;
};

TEST_F(EventLoopsTest, EveryMemberSeesTheRoomsMessagesOnceAndInOneOrder) {
    start_two_loops();
    constexpr int kSenders = 4;
    constexpr int kPerSender = 25;
    // Round robin, so that frames from both loops interleave in the pipeline.
    for (int i = 0; i < kPerSender; ++i)
        for (int s = 0; s < kSenders; ++s)
            guests[static_cast<size_t>(s)]->ws.send_json(
                {{"type", "message"}, {"room", "lobby"}, {"text", std::to_string(i)}});
    constexpr int kTotal = kSenders * kPerSender;
    std::vector<json> first;
    for (size_t g = 0; g < guests.size(); ++g) {
        std::vector<json> seen;
        for (int n = 0; n < kTotal; ++n) {
            auto message =
                guests[g]->ws.wait_for(has_fields({{"type", "message"}, {"room", "lobby"}}));
            ASSERT_TRUE(message) << "guest " << g << " saw only " << n << " messages";
            seen.push_back({{"seq", (*message)["seq"]},
                            {"from", (*message)["from"]},
                            {"text", (*message)["text"]}});
        }
        if (g == 0) {
            first = seen;
            continue;
        }
        EXPECT_EQ(seen, first) << "guest " << g;
    }
    std::map<std::string, int> next_text;
    for (int n = 0; n < kTotal; ++n) {
        const json &message = first[static_cast<size_t>(n)];
        EXPECT_EQ(message["seq"], n + 1);
        EXPECT_EQ(message["text"], std::to_string(next_text[message["from"].get<std::string>()]++));
    }
}

TEST_F(EventLoopsTest, ShutdownClosesTheClientsOfBothLoopsInTime) {
    start_two_loops();
    server().signal(SIGTERM);
    for (Guest *guest : guests)
        EXPECT_EQ(guest->ws.expect_close(), 1001) << guest->ws.transcript();
    const auto status = server().wait_exit();
    ASSERT_TRUE(status);
    EXPECT_EQ(status->code, 0);
}

} // namespace
} // namespace chatd::test
