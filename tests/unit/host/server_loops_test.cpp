// net::Server with two event loops: clients land on both, sends from the
// pipeline's side reach each on its own loop in order, HTTP answers go back
// through the loop that took the request, and stopping ends every loop.
#include "http_server_fixture.hpp"
#include "net/loop_ids.hpp"
#include "support/ws_client.hpp"

#include <gtest/gtest.h>
#include <set>

namespace chatd::test {
namespace {

using net::LoopIds;
using transport::SendResult;

TEST(LoopIds, InterleaveSoThatEveryIdNamesItsLoop) {
    LoopIds first(0, 3), second(1, 3), third(2, 3);
    std::set<uint64_t> seen;
    for (int n = 0; n < 100; ++n)
        for (LoopIds *ids : {&first, &second, &third}) {
            const uint64_t id = ids->next();
            EXPECT_NE(id, 0u);
            EXPECT_TRUE(seen.insert(id).second) << id << " given twice";
            EXPECT_EQ(LoopIds::owner(id, 3), ids->index()) << id;
        }
    LoopIds only(0, 1);
    EXPECT_EQ(only.next(), 1u);
    EXPECT_EQ(only.next(), 2u);
    EXPECT_EQ(LoopIds::owner(2, 1), 0u);
}

TEST(EventLoopCount, ZeroMeansOnePerUsableCore) {
    EXPECT_EQ(net::event_loop_count(3), 3u);
    EXPECT_GE(net::event_loop_count(0), 1u);
    EXPECT_LE(net::event_loop_count(0), config::kMaxIoThreads);
}

class ServerLoopsTest : public HttpServerTest {
protected:
    static constexpr int kClients = 32;

    void SetUp() override {
        config.io_threads = 2;
        start();
        ASSERT_EQ(server->loop_count(), 2u);
    }

    // Connects kClients one at a time, so that conns[i] is clients[i]'s id:
    // two loops may report opens out of connection order.
    void connect_all() {
        for (int i = 0; i < kClients; ++i) {
            clients.push_back(std::make_unique<WsClient>("client" + std::to_string(i)));
            ASSERT_TRUE(clients.back()->connect({.port = port, .path = config.path}));
            auto id = ws.opened.pop();
            ASSERT_TRUE(id);
            conns.push_back(*id);
        }
    }

    std::vector<std::unique_ptr<WsClient>> clients;
    std::vector<chatd_conn_id> conns;
};

TEST_F(ServerLoopsTest, ClientsAreSpreadOverBothLoops) {
    connect_all();
    std::set<unsigned> loops;
    for (chatd_conn_id id : conns)
        loops.insert(LoopIds::owner(id, 2));
    // The kernel spreads clients by a hash of their addresses: with 32 of
    // them, all on one loop has a chance of one in two billion.
    EXPECT_EQ(loops.size(), 2u);
}

TEST_F(ServerLoopsTest, ARoomsMessagesReachEveryMemberInOrderAcrossLoops) {
    connect_all();
    // The order in which the room lists its members mixes the loops.
    std::vector<chatd_conn_id> room(conns.rbegin(), conns.rend());
    room.push_back(1'000'001); // not connected: on loop 0's side
    room.push_back(1'000'002); // on loop 1's
    constexpr int kMessages = 200;
    std::vector<SendResult> results;
    for (int m = 0; m < kMessages; ++m) {
        server->send_many(room, transport::make_payload("m" + std::to_string(m)),
                          transport::Traffic::Unsolicited, results);
        ASSERT_EQ(results.size(), room.size());
        for (size_t i = 0; i < conns.size(); ++i)
            EXPECT_EQ(results[i], SendResult::Queued) << "member " << i;
        EXPECT_EQ(results[conns.size()], SendResult::Gone);
        EXPECT_EQ(results[conns.size() + 1], SendResult::Gone);
    }
    for (auto &client : clients)
        for (int m = 0; m < kMessages; ++m) {
            auto text = client->recv();
            ASSERT_TRUE(text) << client->transcript();
            ASSERT_EQ(*text, "m" + std::to_string(m)) << client->transcript();
        }
}

TEST_F(ServerLoopsTest, MessagesSendsAndClosesReachTheirOwnLoop) {
    connect_all();
    for (int i = 0; i < kClients; ++i)
        clients[static_cast<size_t>(i)]->send_text("from " + std::to_string(i));
    std::set<std::string> received;
    for (int i = 0; i < kClients; ++i) {
        auto text = ws.messages.pop();
        ASSERT_TRUE(text);
        received.insert(*text);
    }
    EXPECT_EQ(received.size(), static_cast<size_t>(kClients));
    for (size_t i = 0; i < conns.size(); ++i) {
        server->frame_done(conns[i]);
        EXPECT_EQ(server->send(conns[i], transport::make_payload("to " + std::to_string(conns[i])),
                               transport::Traffic::Reply),
                  SendResult::Queued);
    }
    for (size_t i = 0; i < conns.size(); ++i) {
        auto text = clients[i]->recv();
        ASSERT_TRUE(text);
        EXPECT_EQ(*text, "to " + std::to_string(conns[i]));
    }
    for (size_t i = 0; i < conns.size(); ++i)
        server->close(conns[i], 4000, "bye");
    for (auto &client : clients)
        EXPECT_EQ(client->expect_close(), 4000);
    for (int i = 0; i < kClients; ++i)
        EXPECT_TRUE(ws.closed.pop());
}

TEST_F(ServerLoopsTest, HttpAnswersGoBackThroughTheLoopThatTookTheRequest) {
    std::vector<std::unique_ptr<HttpClient>> askers;
    for (int i = 0; i < kClients; ++i) {
        askers.push_back(connect());
        ASSERT_TRUE(askers.back()->send(http_request("GET", "/n/" + std::to_string(i))));
    }
    std::set<unsigned> loops;
    for (int i = 0; i < kClients; ++i) {
        auto request = http.requests.pop();
        ASSERT_TRUE(request);
        loops.insert(LoopIds::owner(request->id, 2));
        EXPECT_TRUE(server->respond(request->id, 200, {}, "answer to " + request->path));
    }
    EXPECT_EQ(loops.size(), 2u);
    for (int i = 0; i < kClients; ++i) {
        auto response = askers[static_cast<size_t>(i)]->read_response();
        ASSERT_TRUE(response);
        EXPECT_EQ(response->status, 200);
        EXPECT_EQ(response->body, "answer to /n/" + std::to_string(i));
    }
}

TEST_F(ServerLoopsTest, StoppingClosesTheClientsOfEveryLoop) {
    connect_all();
    EXPECT_TRUE(stop());
    for (auto &client : clients)
        EXPECT_EQ(client->expect_close(), 1001) << client->transcript();
    EXPECT_TRUE(server->stop_deadline().has_value());
}

} // namespace
} // namespace chatd::test
