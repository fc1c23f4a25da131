// History against the real chatd binary: every acked message is stored
// before anyone sees it, numbering carries on across restarts, an acked
// message survives the process being killed outright, retention trims
// rooms in the background, and a moderator's deletion leaves a tombstone.
#include "history_fixture.hpp"
#include "protocol_helpers.hpp"
#include "support/http_client.hpp"
#include "support/jwt_mint.hpp"

#include <atomic>
#include <csignal>
#include <ctime>
#include <map>
#include <thread>

namespace chatd::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// The seqs and texts of a room's latest page.
std::vector<std::pair<uint64_t, std::string>> latest(WsClient &ws, const std::string &room) {
    const json page =
        request(ws, {{"type", "history"}, {"room", room}, {"latest", true}, {"limit", 100}});
    std::vector<std::pair<uint64_t, std::string>> messages;
    for (const json &m : page.at("messages"))
        messages.emplace_back(m.at("seq"), m.at("text"));
    return messages;
}

// Asks for the room's latest page until it holds exactly the seqs first..last
// (the retention timer's pass comes when it comes); false after 15 s.
bool trimmed_to(WsClient &ws, const std::string &room, uint64_t first, uint64_t last) {
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    do {
        const auto messages = latest(ws, room);
        if (!messages.empty() && messages.front().first == first && messages.back().first == last &&
            messages.size() == last - first + 1)
            return true;
        std::this_thread::sleep_for(20ms);
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
}

TEST_F(HistoryTest, TheRoomGetsExactlyTheStoredRecordAndTheSenderItsSeq) {
    start(config());
    Guest &alice = connect_guest();
    Guest &bob = connect_guest();
    const json ack = say(alice.ws, "hello");
    ASSERT_EQ(ack.value("type", ""), "ack") << ack;
    const uint64_t seq = ack["seq"];
    const auto seen = bob.ws.wait_for(has_fields({{"type", "message"}, {"seq", seq}}));
    ASSERT_TRUE(seen) << bob.ws.transcript();
    const auto rows = stored("lobby");
    ASSERT_EQ(rows.count(seq), 1u);
    EXPECT_EQ(rows.at(seq).text, "hello");
    EXPECT_EQ(rows.at(seq).from, alice.user);
    EXPECT_EQ((*seen)["ts"], ack["ts"]);
}

TEST_F(HistoryTest, NumberingCarriesOnAfterARestart) {
    start(config());
    {
        Guest &alice = connect_guest();
        EXPECT_EQ(say(alice.ws, "one")["seq"], 1);
        EXPECT_EQ(say(alice.ws, "two")["seq"], 2);
    }
    server().signal(SIGTERM);
    ASSERT_TRUE(server().wait_exit());
    start(config());
    Guest &bob = connect_guest();
    EXPECT_EQ(say(bob.ws, "three")["seq"], 3);
    const auto rows = stored("lobby");
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows.at(1).text, "one");
    EXPECT_EQ(rows.at(3).text, "three");
}

TEST_F(HistoryTest, EveryAckedMessageSurvivesSigkillExactlyOnce) {
    start(config());
    constexpr int kSenders = 4;
    std::vector<WsClient *> senders;
    for (int i = 0; i < kSenders; ++i)
        senders.push_back(&connect_guest().ws);
    // Each sender keeps several messages in flight and records its acks;
    // the server is killed in the middle of the burst.
    std::mutex mu;
    std::map<uint64_t, std::string> acked;
    std::atomic<int> total{0};
    std::vector<std::thread> threads;
    for (int s = 0; s < kSenders; ++s)
        threads.emplace_back([&, s] {
            WsClient &ws = *senders[static_cast<size_t>(s)];
            std::map<std::string, std::string> text_by_id;
            try {
                for (int k = 0; k < 400; ++k) {
                    const std::string id = "s" + std::to_string(s) + "-" + std::to_string(k);
                    const std::string text = "burst " + id;
                    text_by_id[id] = text;
                    ws.send_json(
                        {{"type", "message"}, {"room", "lobby"}, {"text", text}, {"id", id}}, 2s);
                    while (auto frame = ws.recv_json(0ms)) {
                        if (frame->value("type", "") != "ack") continue;
                        std::lock_guard lock(mu);
                        acked[(*frame)["seq"]] = text_by_id[(*frame)["id"]];
                        ++total;
                    }
                }
                // Whatever else arrives before the connection ends.
                while (auto frame = ws.recv_json(2s)) {
                    if (frame->value("type", "") != "ack") continue;
                    std::lock_guard lock(mu);
                    acked[(*frame)["seq"]] = text_by_id[(*frame)["id"]];
                    ++total;
                }
            } catch (const std::exception &) {
                // The server died under us: what was acked is what counts.
            }
        });
    // Kill once a good share of the burst is acked, with more in flight.
    const auto until = std::chrono::steady_clock::now() + 20s;
    while (total < 200 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(1ms);
    server().signal(SIGKILL);
    for (auto &t : threads)
        t.join();
    ASSERT_GE(total.load(), 200) << "too few acks before the kill to prove anything";
    const auto rows = stored("lobby");
    for (const auto &[seq, text] : acked) {
        ASSERT_EQ(rows.count(seq), 1u) << "acked seq " << seq << " was lost";
        EXPECT_EQ(rows.at(seq).text, text) << "seq " << seq;
    }
    // Stored seqs have no gaps: a seq is only used by a stored message.
    uint64_t expected = 1;
    for (const auto &[seq, message] : rows)
        EXPECT_EQ(seq, expected++);
}

TEST_F(HistoryTest, AMemberReadsPagesOfItsRoomAsTheRoomSawThem) {
    start(config());
    Guest &alice = connect_guest();
    std::vector<json> live;
    for (int i = 1; i <= 5; ++i) {
        say(alice.ws, "m" + std::to_string(i) + (i == 3 ? " deploy friday" : ""));
    }
    for (int i = 1; i <= 5; ++i) {
        auto m = alice.ws.wait_for(has_fields({{"type", "message"}, {"seq", i}}));
        ASSERT_TRUE(m);
        live.push_back(*m);
    }
    const json latest =
        request(alice.ws, {{"type", "history"}, {"room", "lobby"}, {"latest", true}, {"limit", 2}});
    ASSERT_EQ(latest["type"], "history") << latest;
    EXPECT_EQ(latest["room"], "lobby");
    EXPECT_EQ(latest["more"], true);
    ASSERT_EQ(latest["messages"].size(), 2u);
    EXPECT_EQ(latest["messages"][0], live[3]);
    EXPECT_EQ(latest["messages"][1], live[4]);
    const json before =
        request(alice.ws, {{"type", "history"}, {"room", "lobby"}, {"before", 4}, {"limit", 10}});
    ASSERT_EQ(before["messages"].size(), 3u);
    EXPECT_EQ(before["messages"][0], live[0]);
    EXPECT_EQ(before["more"], false);
    const json found = request(
        alice.ws, {{"type", "history"}, {"room", "lobby"}, {"latest", true}, {"search", "Deploy"}});
    ASSERT_EQ(found["messages"].size(), 1u) << found;
    EXPECT_EQ(found["messages"][0]["seq"], 3);
}

TEST_F(HistoryTest, OnlyMembersReadARoomAndBadRequestsAreNamed) {
    start(config());
    Guest &alice = connect_guest();
    request(alice.ws, {{"type", "join"}, {"room", "dev"}});
    say(alice.ws, "in lobby");
    Guest &bob = connect_guest();
    const json refused = request(bob.ws, {{"type", "history"}, {"room", "dev"}, {"latest", true}});
    EXPECT_EQ(refused["type"], "error");
    EXPECT_EQ(refused["code"], "not_member");
    const json two =
        request(bob.ws, {{"type", "history"}, {"room", "lobby"}, {"latest", true}, {"after", 1}});
    EXPECT_EQ(two["code"], "bad_request");
    EXPECT_NE(two["message"].get<std::string>().find("exactly one"), std::string::npos);
    const json limit =
        request(bob.ws, {{"type", "history"}, {"room", "lobby"}, {"latest", true}, {"limit", 501}});
    EXPECT_EQ(limit["code"], "bad_request");
    EXPECT_TRUE(answers_ping(bob.ws));
}

TEST_F(HistoryTest, TargetsNameTheRoomsWithNewMessages) {
    start(config());
    Guest &alice = connect_guest();
    request(alice.ws, {{"type", "join"}, {"room", "dev"}});
    const json ack = request(alice.ws, {{"type", "message"}, {"room", "dev"}, {"text", "x"}});
    say(alice.ws, "y");
    say(alice.ws, "z");
    const json targets =
        request(alice.ws, {{"type", "targets"}, {"after_ts", "2000-01-01T00:00:00Z"}});
    ASSERT_EQ(targets["type"], "targets") << targets;
    ASSERT_EQ(targets["rooms"].size(), 2u) << targets;
    std::map<std::string, json> by_room;
    for (const json &r : targets["rooms"])
        by_room[r["room"]] = r;
    EXPECT_EQ(by_room["lobby"]["seq"], 2);
    EXPECT_EQ(by_room["dev"]["seq"], 1);
    EXPECT_EQ(by_room["dev"]["ts"], ack["ts"]);
    const json later =
        request(alice.ws, {{"type", "targets"}, {"after_ts", "2100-01-01T00:00:00Z"}});
    EXPECT_TRUE(later["rooms"].empty());
    EXPECT_EQ(request(alice.ws, {{"type", "targets"}, {"after_ts", "soon"}})["code"],
              "bad_request");
}

TEST_F(HistoryTest, HttpServesTheSamePagesAndNamesBadParameters) {
    start(config());
    Guest &alice = connect_guest();
    for (int i = 1; i <= 5; ++i)
        say(alice.ws, "m" + std::to_string(i));
    const json ws =
        request(alice.ws, {{"type", "history"}, {"room", "lobby"}, {"latest", true}, {"limit", 2}});
    HttpResponse latest = get("/api/v1/rooms/lobby/messages?limit=2");
    ASSERT_EQ(latest.status, 200) << latest.body;
    EXPECT_EQ(latest.header("content-type"), "application/json");
    json page = json::parse(latest.body);
    EXPECT_EQ(page["messages"], ws["messages"]);
    EXPECT_EQ(page["more"], true);
    page = json::parse(get("/api/v1/rooms/lobby/messages?before=3&limit=10").body);
    ASSERT_EQ(page["messages"].size(), 2u);
    EXPECT_EQ(page["messages"][1]["seq"], 2);
    page = json::parse(get("/api/v1/rooms/lobby/messages?between=2,4").body);
    EXPECT_EQ(page["messages"].size(), 3u);
    page = json::parse(get("/api/v1/rooms/nowhere/messages").body);
    EXPECT_TRUE(page["messages"].empty());
    const HttpResponse bad = get("/api/v1/rooms/lobby/messages?before=three");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(json::parse(bad.body)["code"], "bad_request");
    EXPECT_NE(bad.body.find("'before'"), std::string::npos) << bad.body;
    EXPECT_EQ(get("/api/v1/rooms/lobby/messages?after=1&before=3").status, 400);
}

TEST_F(HistoryTest, HttpCanBeSwitchedOff) {
    ChatdConfig off = config();
    off.tables += "http = false\n";
    start(off);
    EXPECT_EQ(get("/api/v1/rooms/lobby/messages").status, 404);
}

TEST_F(HistoryTest, RetentionTrimsRoomsToTheirNewestMessagesInTheBackground) {
    ChatdConfig trimmed = config();
    trimmed.tables += "max_messages = 5\nretention_interval_s = 1\n"
                      "room_retention = [\"keep max_messages=0\"]\n";
    start(trimmed);
    Guest &alice = connect_guest();
    request(alice.ws, {{"type", "join"}, {"room", "keep"}});
    for (int i = 1; i <= 12; ++i)
        say(alice.ws, "m" + std::to_string(i));
    for (int i = 1; i <= 8; ++i)
        request(alice.ws, {{"type", "message"}, {"room", "keep"}, {"text", "k"}});
    ASSERT_TRUE(trimmed_to(alice.ws, "lobby", 8, 12)) << server().log_text();
    const auto kept = latest(alice.ws, "lobby");
    EXPECT_EQ(kept.front().second, "m8");
    EXPECT_EQ(kept.back().second, "m12");
    // Numbering carries on past the trimmed messages, and trimming with it.
    EXPECT_EQ(say(alice.ws, "m13")["seq"], 13);
    EXPECT_TRUE(trimmed_to(alice.ws, "lobby", 9, 13)) << server().log_text();
    EXPECT_EQ(latest(alice.ws, "keep").size(), 8u) << "a room of its own keeps everything";
    EXPECT_NE(server().log_text().find("retention deleted "), std::string::npos);
}

TEST_F(HistoryTest, AModeratorsDeletionIsToldToTheRoomAndLeavesATombstoneInHistory) {
    const std::string secret = "an HS256 secret of at least 32 bytes";
    ChatdConfig with_auth = config();
    with_auth.pipeline = {"auth", "rooms"};
    with_auth.tables += "[plugins.auth]\nmode = \"jwt\"\njwt_secret = \"" + secret + "\"\n";
    start(with_auth);
    // A client let in by a token with `roles`, in the default room.
    const auto member = [&](const std::string &user, const json &roles) -> WsClient & {
        const auto now = static_cast<int64_t>(std::time(nullptr));
        const std::string token =
            jwt::mint_hs256(secret, {{"sub", user}, {"exp", now + 600}, {"roles", roles}});
        WsClient &ws = new_client();
        EXPECT_TRUE(ws.connect({.port = server().port(), .path = "/chat?access_token=" + token}));
        EXPECT_TRUE(ws.wait_for(has_fields({{"type", "joined"}, {"room", "lobby"}})));
        return ws;
    };
    WsClient &ann = member("ann", json::array());
    WsClient &max = member("max", json::array({"moderator"}));
    std::vector<json> acks;
    for (const char *text : {"one", "two", "three"})
        acks.push_back(say(ann, text));
    ASSERT_EQ(acks[1].value("seq", 0), 2) << acks[1];

    const json deleted =
        request(max, {{"type", "delete"}, {"room", "lobby"}, {"seq", 2}, {"reason", "spam"}});
    EXPECT_EQ(deleted["type"], "deleted") << deleted;
    EXPECT_EQ(deleted["room"], "lobby");
    EXPECT_EQ(deleted["seq"], 2);
    const auto told = ann.wait_for(has_fields({{"type", "moderation"}}));
    ASSERT_TRUE(told) << ann.transcript();
    EXPECT_EQ(*told, json({{"type", "moderation"},
                           {"action", "delete"},
                           {"room", "lobby"},
                           {"seq", 2},
                           {"by", "max"},
                           {"reason", "spam"}}));

    const json page =
        request(ann, {{"type", "history"}, {"room", "lobby"}, {"latest", true}, {"limit", 10}});
    ASSERT_EQ(page["messages"].size(), 3u) << page;
    EXPECT_EQ(page["messages"][0]["text"], "one");
    EXPECT_EQ(page["messages"][1], json({{"type", "message"},
                                         {"room", "lobby"},
                                         {"seq", 2},
                                         {"from", "ann"},
                                         {"ts", acks[1]["ts"]},
                                         {"deleted", true}}));
    EXPECT_EQ(page["messages"][2]["text"], "three");
    EXPECT_TRUE(stored("lobby").at(2).deleted);

    const json refused = request(ann, {{"type", "delete"}, {"room", "lobby"}, {"seq", 1}});
    EXPECT_EQ(refused["code"], "forbidden") << refused;
    EXPECT_FALSE(stored("lobby").at(1).deleted);

    // The deletion is on record for admins' audit, and for them only.
    EXPECT_EQ(request(max, {{"type", "deletions"}})["code"], "forbidden");
    WsClient &boss = member("boss", json::array({"admin"}));
    const json record = request(boss, {{"type", "deletions"}});
    ASSERT_EQ(record.value("deletions", json::array()).size(), 1u) << record;
    const json &entry = record["deletions"][0];
    EXPECT_EQ(entry["action"], "delete");
    EXPECT_EQ(entry["by"], "max");
    EXPECT_EQ(entry["user"], "ann");
    EXPECT_EQ(entry["room"], "lobby");
    EXPECT_EQ(entry["seq"], 2);
    EXPECT_EQ(entry["reason"], "spam");
}

TEST_F(HistoryTest, ABadRoomRetentionEntryStopsChatdQuotingIt) {
    const RunResult r = run_chatd_with(config("room_retention = [\"support max_age_s=week\"]\n"));
    EXPECT_EQ(r.status.code, 1) << r.output;
    EXPECT_EQ(lines_with(r.output, "init failed: room_retention entry \"support max_age_s=week\": "
                                   "max_age_s must be a whole number")
                  .size(),
              1u)
        << r.output;
}

} // namespace
} // namespace chatd::test
