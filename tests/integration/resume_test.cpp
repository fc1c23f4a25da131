// `join ... since` against the real chatd binary: a member that comes back
// gets what it missed and then the live room, every message once, even
// while others keep sending; and a history that is not the one it saw is
// never spliced onto its own.
#include "history_fixture.hpp"

#include <atomic>
#include <csignal>
#include <set>
#include <thread>

namespace chatd::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class ResumeTest : public HistoryTest {
protected:
    // Joins `room`, with `fields` added to the join, and returns `joined`
    // (or the error).
    static json join(WsClient &ws, const std::string &room, json fields = json::object()) {
        fields["type"] = "join";
        fields["room"] = room;
        return request(ws, fields);
    }
    static std::vector<uint64_t> seqs(const json &messages) {
        std::vector<uint64_t> out;
        for (const json &m : messages)
            out.push_back(m["seq"]);
        return out;
    }
    static std::vector<uint64_t> range(uint64_t first, uint64_t last) {
        std::vector<uint64_t> out;
        for (uint64_t s = first; s <= last; ++s)
            out.push_back(s);
        return out;
    }
};

TEST_F(ResumeTest, AJoinSinceReplaysWhatWasMissedThenLiveEveryMessageOnce) {
    ChatdConfig burst = config();
    burst.server = "rate_limit_per_second = 100000.0\nrate_limit_burst = 100000\n";
    start(burst);
    Guest &alice = connect_guest();
    ASSERT_EQ(join(alice.ws, "r").value("type", ""), "joined");
    constexpr uint64_t kSent = 400;
    // Alice keeps sending, several messages in flight, while Bob joins.
    std::atomic<uint64_t> acked{0};
    std::jthread sender([&] {
        uint64_t sent = 0;
        while (acked < kSent) {
            while (sent < kSent && sent < acked + 8) {
                alice.ws.send_json({{"type", "message"},
                                    {"room", "r"},
                                    {"text", "m" + std::to_string(++sent)},
                                    {"id", "m" + std::to_string(sent)}});
            }
            auto frame = alice.ws.wait_for(has_fields({{"type", "ack"}}), 10s);
            if (!frame) return;
            acked = std::max<uint64_t>(acked, (*frame)["seq"]);
        }
    });
    Guest &bob = connect_guest();
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (acked < 50 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
    const std::string id = next_id();
    bob.ws.send_json({{"type", "join"}, {"room", "r"}, {"since", 10}, {"id", id}});
    // Bob's frames in the order they came: the answer, then the live room.
    std::vector<uint64_t> got;
    std::optional<json> joined;
    while (got.empty() || got.back() < kSent) {
        auto frame = bob.ws.recv_json(10s);
        ASSERT_TRUE(frame) << "messages stopped at " << (got.empty() ? 0 : got.back());
        if (frame->value("id", "") == id) {
            ASSERT_EQ(frame->value("type", ""), "joined") << *frame;
            joined = frame;
            for (uint64_t s : seqs((*frame)["messages"]))
                got.push_back(s);
        } else if (frame->value("type", "") == "message" && frame->value("room", "") == "r") {
            ASSERT_TRUE(joined) << "a live message came before the answer to the join";
            got.push_back((*frame)["seq"]);
        }
    }
    ASSERT_TRUE(joined);
    EXPECT_EQ(got, range(11, kSent)) << "replayed up to " << (*joined)["seq"];
    EXPECT_EQ((*joined)["truncated"], false);
    EXPECT_GE((*joined)["seq"].get<uint64_t>(), 50u);
    EXPECT_TRUE((*joined)["epoch"].is_string());
}

TEST_F(ResumeTest, AMemberAlreadyInTheRoomGetsOnlyWhatCameBeforeItsLiveMessages) {
    start(config());
    Guest &alice = connect_guest();
    for (int i = 1; i <= 5; ++i)
        ASSERT_EQ(say(alice.ws, "before " + std::to_string(i))["seq"], i);
    // Bob is in the lobby from the start, so 6..8 reach him live.
    Guest &bob = connect_guest();
    for (int i = 6; i <= 8; ++i) {
        ASSERT_EQ(say(alice.ws, "live " + std::to_string(i))["seq"], i);
        ASSERT_TRUE(bob.ws.wait_for(has_fields({{"type", "message"}, {"seq", i}})));
    }
    const json joined = join(bob.ws, "lobby", {{"since", 2}});
    EXPECT_EQ(seqs(joined["messages"]), range(3, 5)) << joined;
    EXPECT_EQ(joined["seq"], 5);
    EXPECT_EQ(joined["truncated"], false);
    ASSERT_EQ(say(alice.ws, "after")["seq"], 9);
    EXPECT_TRUE(bob.ws.wait_for(has_fields({{"type", "message"}, {"seq", 9}})));
    // Nothing came twice: 6..8 stay the only live ones before 9.
    EXPECT_FALSE(arrives_before_pong(bob.ws, has_fields({{"type", "message"}})));
}

TEST_F(ResumeTest, AJoinSaysTheEpochAndSeqAndAGapBeyondTheCapIsFlagged) {
    start(config("max_limit = 5\ndefault_limit = 5\n"));
    Guest &alice = connect_guest();
    ASSERT_EQ(join(alice.ws, "r").value("type", ""), "joined");
    for (int i = 1; i <= 12; ++i)
        ASSERT_EQ(say(alice.ws, std::to_string(i), "r")["seq"], i);
    Guest &bob = connect_guest();
    const json plain = join(bob.ws, "r");
    EXPECT_EQ(plain["seq"], 12) << plain;
    EXPECT_FALSE(plain.contains("messages"));
    ASSERT_TRUE(plain["epoch"].is_string());
    // Back again with since: the newest five, and a flag for the rest.
    Guest &carol = connect_guest();
    const json capped = join(carol.ws, "r", {{"since", 2}, {"epoch", plain["epoch"]}});
    EXPECT_EQ(seqs(capped["messages"]), range(8, 12)) << capped;
    EXPECT_EQ(capped["truncated"], true);
    EXPECT_FALSE(capped.contains("epoch_changed"));
    // A client that is ahead gets nothing again.
    Guest &dave = connect_guest();
    const json ahead = join(dave.ws, "r", {{"since", 12}});
    EXPECT_EQ(ahead["messages"], json::array());
    EXPECT_EQ(ahead["truncated"], false);
}

TEST_F(ResumeTest, AnotherHistoryIsNeverSplicedOntoTheOneTheClientSaw) {
    start(config());
    Guest &alice = connect_guest();
    for (int i = 1; i <= 3; ++i)
        ASSERT_EQ(say(alice.ws, "old " + std::to_string(i))["seq"], i);
    const json first = join(alice.ws, "lobby");
    const std::string epoch = first["epoch"];
    server().signal(SIGTERM);
    ASSERT_TRUE(server().wait_exit());
    // The history is lost: a new database numbers the room from 1 again.
    std::filesystem::remove(database);
    std::filesystem::remove(database.string() + "-wal");
    std::filesystem::remove(database.string() + "-shm");
    start(config());
    Guest &bob = connect_guest();
    for (int i = 1; i <= 5; ++i)
        ASSERT_EQ(say(bob.ws, "new " + std::to_string(i))["seq"], i);
    Guest &back = connect_guest();
    const json joined = join(back.ws, "lobby", {{"since", 3}, {"epoch", epoch}});
    EXPECT_NE(joined["epoch"], epoch);
    EXPECT_EQ(joined["epoch_changed"], true) << joined;
    // Not 4..5 of the new history as if they followed the old 3.
    EXPECT_EQ(seqs(joined["messages"]), range(1, 5));
    EXPECT_EQ(joined["messages"][0]["text"], "new 1");
}

TEST_F(ResumeTest, AMalformedSinceIsRefusedBeforeTheJoinHappens) {
    start(config());
    Guest &alice = connect_guest();
    for (const json &since : {json(-1), json("3"), json(1.5)}) {
        const json error = join(alice.ws, "r", {{"since", since}});
        EXPECT_EQ(error.value("code", ""), "bad_request") << error;
    }
    const json orphan_epoch = join(alice.ws, "r", {{"epoch", "abc"}});
    EXPECT_EQ(orphan_epoch.value("code", ""), "bad_request") << orphan_epoch;
    // None of them joined: Alice is not in r.
    const json refused = say(alice.ws, "hello?", "r");
    EXPECT_EQ(refused.value("code", ""), "not_member") << refused;
}

} // namespace
} // namespace chatd::test
