// Clients that try to make the server work for them: a client in many rooms
// asking for the room list, clients making and leaving rooms in a loop, a
// client whose queued frames would run after the server closed it, and a
// client that asks and never reads the answers.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"

#include <chatd/storage/database.hpp>

#include <chrono>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace chatd::test {
namespace {

using nlohmann::json;

using HostileRoomsTest = IntegrationTest;

constexpr int kRooms = 1500;
constexpr int kAsks = 10;

TEST_F(HostileRoomsTest, AListOfManyRoomsComesInBoundedPagesWhileOthersAreServed) {
    start({.server = "rate_limit_per_second = 100000\nrate_limit_burst = 100000\n",
           .rooms = "max_rooms_per_connection = 2000\n"});
    Guest &hoarder = connect_guest();
    for (int i = 0; i < kRooms; ++i)
        hoarder.ws.send_json({{"type", "join"}, {"room", "r" + std::to_string(10000 + i)}});
    for (int i = 0; i < kRooms; ++i)
        ASSERT_TRUE(hoarder.ws.wait_for(has_fields({{"type", "joined"}}))) << "joined " << i;
    Guest &bystander = connect_guest();

    for (int i = 0; i < kAsks; ++i)
        hoarder.ws.send_json(
            {{"type", "rooms"}, {"limit", 1000}, {"id", "big" + std::to_string(i)}});
    const auto asked = std::chrono::steady_clock::now();
    EXPECT_TRUE(answers_ping(bystander.ws));
    EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(2));
    for (int i = 0; i < kAsks; ++i) {
        const auto page = hoarder.ws.wait_for(has_fields({{"id", "big" + std::to_string(i)}}));
        ASSERT_TRUE(page) << "answer " << i;
        EXPECT_EQ((*page)["rooms"].size(), 1000u);
        EXPECT_EQ((*page)["next_cursor"], "r10998") << "the lobby comes first";
    }

    // Walking the pages of the default size lists every room once, in order.
    std::set<std::string> seen;
    std::string last;
    json page = request(hoarder.ws, {{"type", "rooms"}});
    for (int pages = 1;; ++pages) {
        ASSERT_LE(page["rooms"].size(), 100u);
        for (const auto &room : page["rooms"]) {
            const std::string name = room["room"];
            EXPECT_GT(name, last);
            last = name;
            seen.insert(name);
        }
        if (!page.contains("next_cursor")) break;
        ASSERT_LT(pages, kRooms) << "the cursor does not move on";
        page = request(hoarder.ws, {{"type", "rooms"}, {"cursor", page["next_cursor"]}});
    }
    EXPECT_EQ(seen.size(), kRooms + 1u) << "every room and the lobby";
}

// Rooms are client-chosen names: what the server keeps of one must go with
// its last member (its seq), or be bounded (its topic, kept on purpose), or
// clients looping join, topic, message, leave grow the server without bound.
TEST_F(HostileRoomsTest, RoomsMadeAndLeftInALoopLeaveOnlyBoundedTopicsBehind) {
    // The host's and the rooms plugin's memory; history keeps each room's
    // numbering on disk on purpose, so it is not loaded here.
    const auto plugins = plugin_dir({CHATD_ROOMS_PLUGIN});
    constexpr int kMaxTopics = 50;
    start({.server = "rate_limit_per_second = 100000\nrate_limit_burst = 100000\n",
           .rooms = "max_topics = " + std::to_string(kMaxTopics) + "\n",
           .plugin_dir = plugins->path()});
    constexpr int kClients = 4;
    constexpr int kRoomsEach = 150;
    std::vector<Guest *> churners;
    for (int c = 0; c < kClients; ++c)
        churners.push_back(&connect_guest());
    for (int i = 0; i < kRoomsEach; ++i)
        for (int c = 0; c < kClients; ++c) {
            const std::string room = "c" + std::to_string(c) + "-" + std::to_string(i);
            WsClient &ws = churners[c]->ws;
            ws.send_json({{"type", "join"}, {"room", room}});
            ws.send_json({{"type", "topic"}, {"room", room}, {"topic", std::string(200, 't')}});
            ws.send_json({{"type", "message"}, {"room", room}, {"text", "hi"}});
            ws.send_json({{"type", "leave"}, {"room", room}});
        }
    for (int c = 0; c < kClients; ++c) {
        const std::string last = "c" + std::to_string(c) + "-" + std::to_string(kRoomsEach - 1);
        ASSERT_TRUE(churners[c]->ws.wait_for(has_fields({{"type", "left"}, {"room", last}})))
            << "churner " << c;
    }

    // A connection's frames wait while its topic change is stored, so every
    // change has been answered by the time its last `left` came.
    const std::filesystem::path database = server().config_path().parent_path() / "chatd-rooms.db";
    storage::Database db(database, {.access = storage::Access::ReadOnly});
    auto topics = db.prepare("SELECT count(*), min(name) FROM rooms_topics");
    ASSERT_EQ(topics.step(), storage::Step::Row);
    EXPECT_EQ(topics.column_int64(0), kMaxTopics) << "the rest were refused";
    const std::string kept(topics.column_text(1));

    Guest &after = connect_guest();
    EXPECT_EQ(request(after.ws, {{"type", "rooms"}})["rooms"],
              json::parse(R"([{"room":"lobby","members":5,"topic":null}])"));
    EXPECT_EQ(request(after.ws, {{"type", "topic"}, {"room", kept}})["topic"],
              std::string(200, 't'));
    const json refused =
        request(after.ws, {{"type", "topic"}, {"room", "lobby"}, {"topic", "one more"}});
    EXPECT_EQ(refused["code"], "forbidden") << refused;
    const json joined = request(after.ws, {{"type", "join"}, {"room", "c0-0"}});
    EXPECT_EQ(joined["type"], "joined");
    after.ws.send_json({{"type", "message"}, {"room", "c0-0"}, {"text", "anew"}});
    const auto ack = after.ws.wait_for(has_fields({{"type", "ack"}}));
    ASSERT_TRUE(ack);
    EXPECT_EQ((*ack)["seq"], 1) << "a seq ends with its room";
}

TEST_F(HostileRoomsTest, FramesAfterTheServerClosedAConnectionAreNotRun) {
    // An answer bigger than the whole send queue (the new topic, echoed)
    // closes its connection with 1008.
    start({.server = "send_queue_bytes = 4096\n", .rooms = "max_topic_bytes = 5000\n"});
    Guest &flooder = connect_guest();
    Guest &listener = connect_guest();
    ASSERT_TRUE(flooder.ws.wait_for(has_fields({{"type", "presence"}, {"event", "join"}})));
    request(flooder.ws, {{"type", "join"}, {"room", "alone"}});

    flooder.ws.send_json({{"type", "topic"}, {"room", "alone"}, {"topic", std::string(5000, 'x')}});
    try {
        for (int i = 0; i < 3; ++i)
            flooder.ws.send_json(
                {{"type", "message"}, {"room", "lobby"}, {"text", "after the close"}});
    } catch (const std::runtime_error &) {
        // The server closed before all were written: the ones it did read
        // must still not run.
    }
    flooder.ws.expect_close();
    EXPECT_NE(server().log_text().find("closing with 1008"), std::string::npos);

    // What the server read of the flooder's frames came before its close, so
    // it was run or dropped before the listener's ping.
    const auto leave =
        listener.ws.wait_for(has_fields({{"type", "presence"}, {"user", flooder.user}}));
    ASSERT_TRUE(leave);
    EXPECT_EQ((*leave)["event"], "leave");
    EXPECT_EQ(arrives_before_pong(listener.ws, has_fields({{"type", "message"}})), std::nullopt);
}

// Answers a client has not read stop the server reading it at
// reply_queue_bytes: such a client is slowed down, not cut off, and loses
// nothing. Without that bound these pongs would pass the 16 KiB send queue
// (the kernel's buffers hold far less, the asker's being shrunk) and close
// the asker with 1008.
TEST_F(HostileRoomsTest, AClientThatDoesNotReadItsAnswersIsNotReadEither) {
    start({.server = "send_queue_bytes = 16384\nreply_queue_bytes = 4096\n"
                     "rate_limit_per_second = 100000\nrate_limit_burst = 100000\n"});
    Guest &bystander = connect_guest();
    Guest &asker = connect_guest({.receive_buffer_bytes = 4096});
    // Ids of the largest size allowed, so each pong is about 150 bytes.
    auto id = [](int i) {
        const std::string n = std::to_string(i);
        return n + std::string(126 - n.size(), '.');
    };
    constexpr int kPings = 400;
    for (int i = 0; i < kPings; ++i)
        asker.ws.send_json({{"type", "ping"}, {"id", id(i)}});

    const auto asked = std::chrono::steady_clock::now();
    EXPECT_TRUE(answers_ping(bystander.ws));
    EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(2));
    // Every pong, in order, once the asker reads.
    for (int i = 0; i < kPings; ++i) {
        const auto pong = asker.ws.recv_json();
        ASSERT_TRUE(pong) << "pong " << i;
        ASSERT_EQ(*pong, json({{"type", "pong"}, {"id", id(i)}}));
    }
    EXPECT_TRUE(answers_ping(asker.ws));
    EXPECT_EQ(server().log_text().find("closing with 1008"), std::string::npos);
}

} // namespace
} // namespace chatd::test
