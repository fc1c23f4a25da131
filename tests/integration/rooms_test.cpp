// The rooms plugin seen through the real server: joining, leaving, presence,
// messages and their order, topics, typing, listings and every error it
// answers with; and topics kept on disk across an empty room and a restart.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"

#include <algorithm>
#include <csignal>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace chatd::test {
namespace {

using nlohmann::json;

using RoomsTest = IntegrationTest;

json join(Guest &guest, const std::string &room) {
    return request(guest.ws, {{"type", "join"}, {"room", room}});
}

json leave(Guest &guest, const std::string &room) {
    return request(guest.ws, {{"type", "leave"}, {"room", room}});
}

// Returns the ack.
json say(Guest &guest, const std::string &room, const std::string &text) {
    return request(guest.ws, {{"type", "message"}, {"room", room}, {"text", text}});
}

WsClient::Predicate message_in(const std::string &room) {
    return has_fields({{"type", "message"}, {"room", room}});
}

WsClient::Predicate presence(const std::string &room, const std::string &user,
                             const std::string &event) {
    return has_fields({{"type", "presence"}, {"room", room}, {"user", user}, {"event", event}});
}

TEST_F(RoomsTest, ConnectingJoinsTheLobbyAndTellsItsMembers) {
    start();
    auto &first = connect_guest();
    auto &ws = new_client();
    ASSERT_TRUE(ws.connect({.port = server().port()}));
    const auto hello = ws.recv_json();
    ASSERT_TRUE(hello);
    const std::string second = hello->value("user", "");

    const auto joined = ws.recv_json();
    ASSERT_TRUE(joined);
    EXPECT_EQ(*joined, json({{"type", "joined"},
                             {"room", "lobby"},
                             {"members", json::array({first.user, second})},
                             {"topic", nullptr}}));
    EXPECT_TRUE(first.ws.wait_for(presence("lobby", second, "join")));
}

TEST_F(RoomsTest, JoinedListsMembersInJoinOrder) {
    start();
    auto &first = connect_guest();
    auto &second = connect_guest();

    auto joined = join(first, "red");
    EXPECT_EQ(joined["type"], "joined");
    EXPECT_EQ(joined["room"], "red");
    EXPECT_EQ(joined["members"], json::array({first.user}));
    EXPECT_EQ(joined["topic"], nullptr);

    joined = join(second, "red");
    EXPECT_EQ(joined["members"], json::array({first.user, second.user}));
    EXPECT_TRUE(first.ws.wait_for(presence("red", second.user, "join")));
}

TEST_F(RoomsTest, TwoGuestsChatInTheLobby) {
    start();
    auto &first = connect_guest();
    auto &second = connect_guest();

    say(first, "lobby", "hi");
    auto message = second.ws.wait_for(message_in("lobby"));
    ASSERT_TRUE(message);
    EXPECT_EQ((*message)["from"], first.user);
    EXPECT_EQ((*message)["text"], "hi");

    say(second, "lobby", "hello yourself");
    message = first.ws.wait_for(
        has_fields({{"type", "message"}, {"room", "lobby"}, {"from", second.user}}));
    ASSERT_TRUE(message);
    EXPECT_EQ((*message)["text"], "hello yourself");
}

TEST_F(RoomsTest, ABurstOfEverySizeOfMessageArrivesWholeAndInOrder) {
    // Sent without waiting, so the receiver's frames queue up and go out
    // many to a write: each of the three header forms, and frames larger
    // than one write's bound (64 KiB), must come out whole and in order.
    start({.server = "max_message_bytes = 262144\n", .rooms = "max_text_bytes = 200000\n"});
    auto &sender = connect_guest();
    auto &receiver = connect_guest();
    ASSERT_TRUE(sender.ws.wait_for(presence("lobby", receiver.user, "join")));
    const std::vector<size_t> sizes = {1, 125, 126, 5'000, 65'535, 2, 70'000, 150'000, 40'000};
    std::vector<std::string> texts;
    for (int round = 0; round < 4; ++round)
        for (size_t size : sizes)
            texts.push_back(std::string(size, static_cast<char>('a' + texts.size() % 26)));
    for (const std::string &text : texts)
        sender.ws.send_json({{"type", "message"}, {"room", "lobby"}, {"text", text}});
    for (size_t i = 0; i < texts.size(); ++i) {
        const auto got = receiver.ws.wait_for(message_in("lobby"));
        ASSERT_TRUE(got) << "message " << i << " of " << texts.size();
        const std::string text = got->value("text", "");
        // Not the texts themselves: a failure would print megabytes.
        ASSERT_EQ(text.size(), texts[i].size()) << "message " << i;
        ASSERT_TRUE(text == texts[i]) << "message " << i << " differs";
    }
}

TEST_F(RoomsTest, AMessageInFragmentsFarLargerThanOneReadArrivesWhole) {
    // The server reads a socket about 2 KiB at a time (kReceiveBufferBytes),
    // so each of these messages reaches it in dozens of pieces that end
    // anywhere, inside a fragment or between two; it must put them back
    // together byte for byte.
    start({.server = "max_message_bytes = 262144\n", .rooms = "max_text_bytes = 200000\n"});
    auto &sender = connect_guest();
    auto &receiver = connect_guest();
    ASSERT_TRUE(sender.ws.wait_for(presence("lobby", receiver.user, "join")));
    std::string text;
    for (size_t i = 0; text.size() < 150'000; ++i)
        text += std::to_string(i) + ' ';
    const std::string frame = json{{"type", "message"}, {"room", "lobby"}, {"text", text}}.dump();
    for (size_t fragment_bytes : {3'001, 2'048, 700}) {
        sender.ws.send_fragmented_text(frame, fragment_bytes);
        const auto got = receiver.ws.wait_for(message_in("lobby"));
        ASSERT_TRUE(got) << "fragments of " << fragment_bytes;
        // Not the texts themselves: a failure would print megabytes.
        ASSERT_TRUE(got->value("text", "") == text) << "fragments of " << fragment_bytes;
    }
}

TEST_F(RoomsTest, ThreeGuestsChatAcrossRooms) {
    start();
    auto &left = connect_guest();
    auto &middle = connect_guest();
    auto &right = connect_guest();
    join(left, "red");
    join(middle, "red");
    join(middle, "blue");
    join(right, "blue");

    say(left, "red", "to red");
    for (auto *guest : {&left, &middle}) {
        const auto message = guest->ws.wait_for(message_in("red"));
        ASSERT_TRUE(message);
        EXPECT_EQ((*message)["text"], "to red");
    }
    EXPECT_EQ(arrives_before_pong(right.ws, message_in("red")), std::nullopt);

    say(right, "blue", "to blue");
    for (auto *guest : {&middle, &right}) {
        const auto message = guest->ws.wait_for(message_in("blue"));
        ASSERT_TRUE(message);
        EXPECT_EQ((*message)["text"], "to blue");
    }
    EXPECT_EQ(arrives_before_pong(left.ws, message_in("blue")), std::nullopt);
}

TEST_F(RoomsTest, LeaveAnswersLeftAndTellsTheRemainingMembers) {
    start();
    auto &stays = connect_guest();
    auto &goes = connect_guest();
    join(stays, "red");
    join(goes, "red");

    const auto left = leave(goes, "red");
    EXPECT_EQ(left["type"], "left");
    EXPECT_EQ(left["room"], "red");
    EXPECT_TRUE(stays.ws.wait_for(presence("red", goes.user, "leave")));

    say(stays, "red", "still here");
    EXPECT_EQ(arrives_before_pong(goes.ws, message_in("red")), std::nullopt);
}

class DisconnectTest : public IntegrationTest, public ::testing::WithParamInterface<bool> {};

TEST_P(DisconnectTest, TellsEveryRoomTheConnectionWasIn) {
    const bool clean = GetParam();
    start();
    auto &stays = connect_guest();
    auto &goes = connect_guest();
    join(stays, "red");
    join(goes, "red");

    if (clean) {
        EXPECT_TRUE(goes.ws.close());
    } else {
        goes.ws.drop();
    }
    // The two rooms may announce it in either order.
    std::set<std::string> rooms;
    for (int i = 0; i < 2; ++i) {
        const auto gone = stays.ws.wait_for(
            has_fields({{"type", "presence"}, {"user", goes.user}, {"event", "leave"}}));
        ASSERT_TRUE(gone);
        rooms.insert((*gone)["room"].get<std::string>());
    }
    EXPECT_EQ(rooms, (std::set<std::string>{"lobby", "red"}));
}

INSTANTIATE_TEST_SUITE_P(RoomsTest, DisconnectTest, ::testing::Bool(), [](const auto &param) {
    return param.param ? std::string("CloseHandshake") : std::string("DroppedConnection");
});

struct NamedFrame {
    std::string name;
    json frame;
};

class NotMemberTest : public IntegrationTest, public ::testing::WithParamInterface<NamedFrame> {};

TEST_P(NotMemberTest, RoomsTheConnectionIsNotInAreRefused) {
    start();
    auto &outsider = connect_guest();
    auto &insider = connect_guest();
    join(insider, "red");

    const auto error = request(outsider.ws, GetParam().frame);
    EXPECT_EQ(error["type"], "error");
    EXPECT_EQ(error["code"], "not_member");
    EXPECT_TRUE(answers_ping(outsider.ws));
}

INSTANTIATE_TEST_SUITE_P(
    RoomsTest, NotMemberTest,
    ::testing::Values(NamedFrame{"Message", {{"type", "message"}, {"room", "red"}, {"text", "hi"}}},
                      NamedFrame{"Leave", {{"type", "leave"}, {"room", "red"}}},
                      NamedFrame{"Typing", {{"type", "typing"}, {"room", "red"}}},
                      NamedFrame{"TopicSet", {{"type", "topic"}, {"room", "red"}, {"topic", "t"}}}),
    ParamName{});

TEST_F(RoomsTest, SeqStartsAtOneInEachRoomAndCountsUp) {
    start();
    auto &guest = connect_guest();
    join(guest, "red");

    EXPECT_EQ(say(guest, "red", "a")["seq"], 1);
    EXPECT_EQ(say(guest, "red", "b")["seq"], 2);
    EXPECT_EQ(say(guest, "lobby", "c")["seq"], 1);
    EXPECT_EQ(say(guest, "red", "d")["seq"], 3);
}

TEST_F(RoomsTest, AckFollowsTheMessageWithTheSameSeq) {
    start();
    auto &sender = connect_guest();
    auto &listener = connect_guest();

    sender.ws.send_json({{"type", "message"}, {"room", "lobby"}, {"text", "hi"}, {"id", "m1"}});
    const auto message = sender.ws.wait_for(
        either(has_fields({{"type", "message"}}), has_fields({{"type", "ack"}})));
    ASSERT_TRUE(message);
    ASSERT_EQ((*message)["type"], "message") << "the ack came before the message";
    EXPECT_FALSE(message->contains("id")) << *message;
    EXPECT_TRUE(is_timestamp((*message)["ts"])) << *message;

    const auto ack = sender.ws.wait_for(has_fields({{"type", "ack"}}));
    ASSERT_TRUE(ack);
    EXPECT_EQ(*ack, json({{"type", "ack"},
                          {"id", "m1"},
                          {"room", "lobby"},
                          {"seq", (*message)["seq"]},
                          {"ts", (*message)["ts"]}}));
    EXPECT_EQ(listener.ws.wait_for(message_in("lobby")), message);
}

TEST_F(RoomsTest, EveryMemberSeesABurstFromSeveralSendersInTheSameOrder) {
    constexpr int per_sender = 20;
    start({.server = "rate_limit_per_second = 100000\nrate_limit_burst = 100000\n"});
    std::vector<Guest *> guests{&connect_guest(), &connect_guest(), &connect_guest()};
    for (auto *guest : guests)
        join(*guest, "burst");

    // Round robin, so the senders' frames interleave at the server.
    for (int i = 0; i < per_sender; ++i) {
        for (auto *guest : guests) {
            guest->ws.send_json(
                {{"type", "message"}, {"room", "burst"}, {"text", std::to_string(i)}});
        }
    }
    const auto total = per_sender * static_cast<int>(guests.size());
    std::vector<std::vector<json>> seen(guests.size());
    for (std::size_t g = 0; g < guests.size(); ++g) {
        for (int i = 0; i < total; ++i) {
            auto message = guests[g]->ws.wait_for(message_in("burst"));
            ASSERT_TRUE(message) << "member " << g << " saw only " << i << " messages";
            seen[g].push_back(json{{"seq", (*message)["seq"]},
                                   {"from", (*message)["from"]},
                                   {"text", (*message)["text"]}});
        }
    }
    for (std::size_t g = 1; g < guests.size(); ++g)
        EXPECT_EQ(seen[g], seen[0]) << "member " << g;

    std::map<std::string, int> next_text;
    for (int i = 0; i < total; ++i) {
        const auto &message = seen[0][static_cast<std::size_t>(i)];
        EXPECT_EQ(message["seq"], i + 1);
        // Each sender's own messages keep the order it sent them in.
        EXPECT_EQ(message["text"], std::to_string(next_text[message["from"].get<std::string>()]++))
            << message;
    }
}

TEST_F(RoomsTest, RoomsListsEveryRoomByNameWithCountsAndTopics) {
    start();
    auto &first = connect_guest();
    auto &second = connect_guest();
    join(first, "red");
    join(first, "blue");
    join(second, "blue");
    request(first.ws, {{"type", "topic"}, {"room", "blue"}, {"topic", "calm"}});

    const auto rooms = request(second.ws, {{"type", "rooms"}});
    EXPECT_EQ(rooms["type"], "rooms");
    EXPECT_EQ(rooms["rooms"], json::array({
                                  {{"room", "blue"}, {"members", 2}, {"topic", "calm"}},
                                  {{"room", "lobby"}, {"members", 2}, {"topic", nullptr}},
                                  {{"room", "red"}, {"members", 1}, {"topic", nullptr}},
                              }));
}

TEST_F(RoomsTest, MembersListsTheRoomInJoinOrder) {
    start();
    auto &asker = connect_guest();
    auto &early = connect_guest();
    auto &late = connect_guest();
    join(late, "red");
    join(early, "red");

    const auto members = request(asker.ws, {{"type", "members"}, {"room", "red"}});
    EXPECT_EQ(members["type"], "members");
    EXPECT_EQ(members["room"], "red");
    EXPECT_EQ(members["members"], json::array({late.user, early.user}));
}

TEST_F(RoomsTest, TopicIsSetAnnouncedAndReadBack) {
    start();
    auto &setter = connect_guest();
    auto &member = connect_guest();
    auto &outsider = connect_guest();
    join(setter, "red");
    join(member, "red");

    auto topic = request(setter.ws, {{"type", "topic"}, {"room", "red"}});
    EXPECT_EQ(topic["type"], "topic");
    EXPECT_EQ(topic["topic"], nullptr);

    topic = request(setter.ws, {{"type", "topic"}, {"room", "red"}, {"topic", "calm"}});
    EXPECT_EQ(topic["type"], "topic");
    EXPECT_EQ(topic["room"], "red");
    EXPECT_EQ(topic["topic"], "calm");
    EXPECT_EQ(topic["by"], setter.user);

    const auto event = member.ws.wait_for(has_fields({{"type", "topic"}}));
    ASSERT_TRUE(event);
    EXPECT_EQ(*event,
              json({{"type", "topic"}, {"room", "red"}, {"topic", "calm"}, {"by", setter.user}}));
    EXPECT_EQ(arrives_before_pong(outsider.ws, has_fields({{"type", "topic"}})), std::nullopt);

    EXPECT_EQ(request(outsider.ws, {{"type", "topic"}, {"room", "red"}})["topic"], "calm");
    EXPECT_EQ(join(outsider, "red")["topic"], "calm");
}

// The topics' file lives in the test's directory, not the server's, so that
// it outlives a server the test stops.
class TopicsTest : public IntegrationTest {
protected:
    ChatdConfig config(const std::string &more = "") const {
        return {.rooms = "database = '" + database.string() + "'\n" + more};
    }
    json set_topic(Guest &guest, const std::string &room, const std::string &topic) {
        return request(guest.ws, {{"type", "topic"}, {"room", room}, {"topic", topic}});
    }

    TempDir data;
    std::filesystem::path database = data.path() / "topics" / "rooms.db";
};

TEST_F(TopicsTest, ATopicIsThereAfterARestartOnTheSameDatabase) {
    start(config());
    {
        Guest &setter = connect_guest();
        join(setter, "red");
        EXPECT_EQ(set_topic(setter, "red", "calm")["topic"], "calm");
        EXPECT_EQ(set_topic(setter, "lobby", "welcome")["topic"], "welcome");
    }
    server().signal(SIGTERM);
    ASSERT_TRUE(server().wait_exit());
    EXPECT_TRUE(std::filesystem::exists(database));

    start(config());
    Guest &guest = connect_guest();
    EXPECT_EQ(guest.hello["type"], "hello");
    EXPECT_EQ(join(guest, "lobby")["topic"], "welcome");
    EXPECT_EQ(join(guest, "red")["topic"], "calm");
    const json rooms = request(guest.ws, {{"type", "rooms"}});
    EXPECT_EQ(rooms["rooms"], json::parse(R"([{"room":"lobby","members":1,"topic":"welcome"},
                                               {"room":"red","members":1,"topic":"calm"}])"));
}

TEST_F(TopicsTest, AnEmptiedRoomKeepsItsTopic) {
    start(config());
    Guest &setter = connect_guest();
    Guest &other = connect_guest();
    join(setter, "red");
    set_topic(setter, "red", "calm");
    leave(setter, "red");
    EXPECT_EQ(request(other.ws, {{"type", "topic"}, {"room", "red"}})["topic"], "calm");
    EXPECT_EQ(request(other.ws, {{"type", "members"}, {"room", "red"}})["code"], "not_found");
    EXPECT_EQ(join(other, "red")["topic"], "calm");
    // Clearing is setting an empty topic; then nothing of the room is left.
    EXPECT_EQ(set_topic(other, "red", "")["topic"], nullptr);
    leave(other, "red");
    EXPECT_EQ(request(other.ws, {{"type", "topic"}, {"room", "red"}})["code"], "not_found");
}

TEST_F(TopicsTest, ATopicForARoomPastTheBoundIsForbiddenAndNotAnnounced) {
    start(config("max_topics = 1\n"));
    Guest &setter = connect_guest();
    Guest &member = connect_guest();
    join(setter, "red");
    join(member, "red");
    EXPECT_EQ(set_topic(setter, "lobby", "welcome")["topic"], "welcome");
    const json refused = set_topic(setter, "red", "calm");
    EXPECT_EQ(refused["type"], "error");
    EXPECT_EQ(refused["code"], "forbidden");
    EXPECT_EQ(arrives_before_pong(member.ws, has_fields({{"type", "topic"}, {"room", "red"}})),
              std::nullopt);
    EXPECT_EQ(request(member.ws, {{"type", "topic"}, {"room", "red"}})["topic"], nullptr);
}

TEST_F(TopicsTest, ADatabaseThatCannotBeOpenedStopsChatdNamingTheFile) {
    // A directory where the file should be.
    std::filesystem::create_directories(database);
    const RunResult r = run_chatd_with(config());
    EXPECT_EQ(r.status.code, 1) << r.output;
    const auto why = lines_with(r.output, "cannot start: plugin rooms from ");
    ASSERT_EQ(why.size(), 1u) << r.output;
    EXPECT_NE(why[0].find(database.string()), std::string::npos) << why[0];
}

TEST_F(RoomsTest, TypingReachesTheOtherMembersOnly) {
    start();
    auto &typist = connect_guest();
    auto &member = connect_guest();
    auto &outsider = connect_guest();
    join(typist, "red");
    join(member, "red");

    typist.ws.send_json({{"type", "typing"}, {"room", "red"}});
    const auto typing = member.ws.wait_for(has_fields({{"type", "typing"}}));
    ASSERT_TRUE(typing);
    EXPECT_EQ(*typing, json({{"type", "typing"}, {"room", "red"}, {"user", typist.user}}));

    // The typist gets nothing back, not even an error.
    EXPECT_EQ(arrives_before_pong(typist.ws, either(has_fields({{"type", "typing"}}),
                                                    has_fields({{"type", "error"}}))),
              std::nullopt);
    EXPECT_EQ(arrives_before_pong(outsider.ws, has_fields({{"type", "typing"}})), std::nullopt);
}

TEST_F(RoomsTest, RoomsWithoutMembersOrTopicAreNotFound) {
    start();
    auto &guest = connect_guest();
    join(guest, "emptied");
    leave(guest, "emptied");

    for (const std::string room : {"nowhere", "emptied"}) {
        for (const std::string type : {"members", "topic"}) {
            const auto error = request(guest.ws, {{"type", type}, {"room", room}});
            EXPECT_EQ(error["type"], "error") << type << " " << room;
            EXPECT_EQ(error["code"], "not_found") << type << " " << room;
        }
    }
}

// The lobby the connection was put in counts towards the limit.
TEST_F(RoomsTest, JoiningMoreRoomsThanAllowedIsForbidden) {
    start({.rooms = "max_rooms_per_connection = 2\n"});
    auto &guest = connect_guest();

    EXPECT_EQ(join(guest, "one")["type"], "joined");
    const auto error = join(guest, "two");
    EXPECT_EQ(error["type"], "error");
    EXPECT_EQ(error["code"], "forbidden");

    leave(guest, "one");
    EXPECT_EQ(join(guest, "two")["type"], "joined");
}

// Limits count bytes: four two-byte characters fill eight bytes.
TEST_F(RoomsTest, TextAndTopicPastTheirLimitsAreTooLarge) {
    start({.rooms = "max_text_bytes = 8\nmax_topic_bytes = 8\n"});
    auto &guest = connect_guest();
    const std::string fits = "éééé";
    const std::string too_long = "ééééé";

    EXPECT_EQ(say(guest, "lobby", fits)["type"], "ack");
    auto error = say(guest, "lobby", too_long);
    EXPECT_EQ(error["type"], "error");
    EXPECT_EQ(error["code"], "too_large");

    const auto set_topic = [&](const std::string &topic) {
        return request(guest.ws, {{"type", "topic"}, {"room", "lobby"}, {"topic", topic}});
    };
    EXPECT_EQ(set_topic(fits)["type"], "topic");
    error = set_topic(too_long);
    EXPECT_EQ(error["type"], "error");
    EXPECT_EQ(error["code"], "too_large");
}

class BadRequestTest : public IntegrationTest, public ::testing::WithParamInterface<NamedFrame> {};

TEST_P(BadRequestTest, IsRefusedAndTheConnectionKeepsWorking) {
    start();
    auto &guest = connect_guest();
    const auto error = request(guest.ws, GetParam().frame);
    EXPECT_EQ(error["type"], "error");
    EXPECT_EQ(error["code"], "bad_request");
    EXPECT_TRUE(answers_ping(guest.ws));
}

INSTANTIATE_TEST_SUITE_P(
    RoomsTest, BadRequestTest,
    ::testing::Values(
        NamedFrame{"EmptyRoomName", {{"type", "join"}, {"room", ""}}},
        NamedFrame{"RoomNameOf65Bytes", {{"type", "join"}, {"room", std::string(65, 'r')}}},
        NamedFrame{"RoomNameWithSpace", {{"type", "join"}, {"room", "red room"}}},
        NamedFrame{"RoomNameWithSlash", {{"type", "join"}, {"room", "red/blue"}}},
        NamedFrame{"RoomNameNotAscii", {{"type", "join"}, {"room", "rød"}}},
        NamedFrame{"RoomNotAString", {{"type", "join"}, {"room", 5}}},
        NamedFrame{"JoinWithoutRoom", {{"type", "join"}}},
        NamedFrame{"MessageRoomNotAString", {{"type", "message"}, {"room", 5}, {"text", "hi"}}},
        NamedFrame{"EmptyText", {{"type", "message"}, {"room", "lobby"}, {"text", ""}}},
        NamedFrame{"TextNotAString", {{"type", "message"}, {"room", "lobby"}, {"text", 5}}},
        NamedFrame{"MessageWithoutText", {{"type", "message"}, {"room", "lobby"}}},
        NamedFrame{"TopicNotAString", {{"type", "topic"}, {"room", "lobby"}, {"topic", 5}}}),
    ParamName{});

TEST_F(RoomsTest, RoomNamesAtTheEdgesOfTheRulesAreAccepted) {
    start();
    auto &guest = connect_guest();
    for (const auto &room : {std::string(64, 'r'), std::string("Az09_-.")}) {
        EXPECT_EQ(join(guest, room)["type"], "joined") << room;
    }
}

TEST_F(RoomsTest, DefaultRoomIsTheMostRecentlyJoinedOneStillJoined) {
    start();
    auto &guest = connect_guest();
    join(guest, "red");
    join(guest, "blue");

    // Plain text and a message without a room both go to the default room.
    const auto plain_text_room = [&](const std::string &text) {
        guest.ws.send_text(text);
        const auto message = guest.ws.wait_for(has_fields({{"type", "message"}, {"text", text}}));
        return message ? (*message)["room"] : json("(no message)");
    };
    const auto message_room = [&](const std::string &text) {
        return request(guest.ws, {{"type", "message"}, {"text", text}})["room"];
    };
    EXPECT_EQ(plain_text_room("one"), "blue");
    EXPECT_EQ(message_room("two"), "blue");

    leave(guest, "blue");
    EXPECT_EQ(plain_text_room("three"), "red");
    leave(guest, "red");
    EXPECT_EQ(message_room("four"), "lobby");

    leave(guest, "lobby");
    guest.ws.send_text("five");
    const auto error = guest.ws.wait_for(has_fields({{"type", "error"}}));
    ASSERT_TRUE(error);
    EXPECT_EQ((*error)["code"], "not_member");
}

// What a member knows of a room's members: its joined list, kept up to date
// with presence of either shape (one change, or a tick's changes).
struct MemberView {
    std::vector<std::string> members;

    void apply(const json &presence) {
        if (presence.contains("event")) {
            change(presence["user"], presence["event"] == "join");
            return;
        }
        for (const auto &user : presence["left"])
            change(user, false);
        for (const auto &user : presence["joined"])
            change(user, true);
        EXPECT_EQ(presence["members_total"], members.size()) << presence;
    }
    void change(const std::string &user, bool joined) {
        if (joined) {
            members.push_back(user);
            return;
        }
        const auto it = std::find(members.begin(), members.end(), user);
        ASSERT_NE(it, members.end()) << user << " left without having joined";
        members.erase(it);
    }
    // Presence in `room` up to the next message there, which comes after
    // whatever presence was gathered before it was sent.
    void follow_until_message(Guest &guest, const std::string &room) {
        const auto in_room = [&](const std::string &type) {
            return has_fields({{"type", type}, {"room", room}});
        };
        while (auto frame = guest.ws.wait_for(either(in_room("presence"), in_room("message")))) {
            if ((*frame)["type"] == "message") return;
            apply(*frame);
        }
        ADD_FAILURE() << "no message in " << room;
    }
};

std::vector<std::string> users_of(const std::vector<Guest *> &guests, std::size_t count) {
    std::vector<std::string> users;
    for (std::size_t i = 0; i < count; ++i)
        users.push_back(guests[i]->user);
    return users;
}

TEST_F(RoomsTest, AJoinStormIsToldExactlyAndPagesCountEveryone) {
    start();
    std::vector<Guest *> guests;
    for (int i = 0; i < 200; ++i)
        guests.push_back(&connect_guest());
    const std::vector<std::string> users = users_of(guests, 200);
    MemberView first{{guests[0]->user}};
    say(*guests[199], "lobby", "all here");
    first.follow_until_message(*guests[0], "lobby");
    EXPECT_EQ(first.members, users);

    // A joined frame lists one page; members pages list the rest, in join order.
    const json joined = join(*guests[199], "lobby");
    EXPECT_EQ(joined["members"], json(users_of(guests, 100)));
    EXPECT_EQ(joined["members_total"], 200);
    const json rest = request(guests[199]->ws, {{"type", "members"},
                                                {"room", "lobby"},
                                                {"cursor", joined["next_cursor"]},
                                                {"limit", 1000}});
    EXPECT_EQ(rest["members"], json(std::vector<std::string>(users.begin() + 100, users.end())));
    EXPECT_FALSE(rest.contains("next_cursor"));

    for (int i = 50; i < 200; ++i)
        guests[i]->ws.drop();
    while (first.members.size() > 50 && !::testing::Test::HasFailure()) {
        const auto presence = guests[0]->ws.wait_for(has_fields({{"type", "presence"}}));
        ASSERT_TRUE(presence) << first.members.size() << " members left to see leave";
        first.apply(*presence);
    }
    say(*guests[1], "lobby", "fifty left");
    first.follow_until_message(*guests[0], "lobby");
    EXPECT_EQ(first.members, users_of(guests, 50));
}

TEST_F(RoomsTest, PresenceStopsInARoomPastItsLimit) {
    start({.rooms = "presence_max_members = 150\n"});
    std::vector<Guest *> guests;
    for (int i = 0; i < 200; ++i)
        guests.push_back(&connect_guest());
    MemberView first{{guests[0]->user}};
    say(*guests[199], "lobby", "all here");
    first.follow_until_message(*guests[0], "lobby");
    // Up to default_limit each join is told at once; the ticks after it may
    // have been dropped once the room outgrew the limit, but none told a
    // joiner past it.
    ASSERT_GE(first.members.size(), 100u);
    ASSERT_LE(first.members.size(), 150u);
    EXPECT_EQ(first.members, users_of(guests, first.members.size()));
    EXPECT_EQ(join(*guests[0], "lobby")["members_total"], 200);
}

} // namespace
} // namespace chatd::test
