// The history plugin's `delete` in the test host, behind the rooms plugin
// as chatd loads them: only delete_roles may delete, the moderator is
// answered once the tombstone is durable and the room is told then, a
// deletion that is not written is refused and told to nobody, and every
// read shows the tombstone.
#include "store/sqlite_history_reader.hpp"
#include "support/chatd_process.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/transaction.hpp>
#include <chatd/test_host.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <thread>

namespace chatd::history {
namespace {

using nlohmann::json;

class DeleteFramesTest : public ::testing::Test {
protected:
    // The rooms plugin, then history on the test's database; `options`
    // for [plugins.history] beyond the database.
    void load(const std::function<void(test::TestHost &)> &options = {}) {
        ASSERT_EQ(host.load(CHATD_ROOMS_PLUGIN), "");
        host.set_config_string("database", database.string());
        if (options) options(host);
        ASSERT_EQ(host.load(CHATD_HISTORY_PLUGIN), "");
    }
    // A connection of `user` with `roles`, in the default room, its
    // greeting read.
    chatd_conn_id as(const std::string &user, const std::vector<std::string> &roles = {}) {
        const chatd_conn_id conn = host.connect();
        host.set_user(conn, user);
        host.on_pipeline([&] {
            for (const std::string &role : roles)
                host.api().conn_add_role(host.plugin("history"), conn, {role.data(), role.size()});
        });
        host.take(conn);
        return conn;
    }
    // Waits (bounded) for the first frame sent to conn that `matches`,
    // keeping the others for later waits; null if none comes.
    json wait_for(chatd_conn_id conn, const std::function<bool(const json &)> &matches) {
        std::vector<json> &kept = unread[conn];
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        for (;;) {
            for (auto it = kept.begin(); it != kept.end(); ++it)
                if (matches(*it)) {
                    json found = std::move(*it);
                    kept.erase(it);
                    return found;
                }
            if (std::chrono::steady_clock::now() > deadline) return nullptr;
            std::this_thread::yield();
            host.settle();
            for (json &frame : host.take(conn))
                kept.push_back(std::move(frame));
        }
    }
    // Sends `frame` with id `id` and waits for its answer.
    json answer(chatd_conn_id conn, json frame, int id) {
        frame["id"] = id;
        for (json &sent : host.run_frame(conn, frame.dump()))
            unread[conn].push_back(std::move(sent));
        return wait_for(conn, [id](const json &f) { return f.value("id", json()) == id; });
    }
    uint64_t say(chatd_conn_id conn, const std::string &text, int id) {
        const json ack = answer(conn, {{"type", "message"}, {"room", "lobby"}, {"text", text}}, id);
        EXPECT_EQ(ack.value("type", ""), "ack") << ack;
        return ack.value("seq", uint64_t{0});
    }
    static json deletion(uint64_t seq, const std::string &reason = "") {
        json frame = {{"type", "delete"}, {"room", "lobby"}, {"seq", seq}};
        if (!reason.empty()) frame["reason"] = reason;
        return frame;
    }
    // Whether a fresh reader finds seq of lobby a tombstone: what is durable.
    bool tombstone_stored(uint64_t seq) const {
        const Page page = SqliteHistoryReader(database).query(
            {.room = "lobby", .anchor = Anchor::Between, .seq = seq, .seq_last = seq});
        return page.messages.size() == 1 && page.messages[0].deleted;
    }

    chatd::test::TempDir dir;
    std::filesystem::path database = dir.path() / "history.db";
    test::TestHost host;
    std::map<chatd_conn_id, std::vector<json>> unread;
};

bool is_moderation(const json &frame) { return frame.value("type", "") == "moderation"; }

TEST_F(DeleteFramesTest, APlainUserIsForbiddenAndABadRequestIsNamed) {
    load();
    const chatd_conn_id ann = as("ann");
    const chatd_conn_id max = as("max", {"moderator"});
    say(ann, "hello", 1);
    const json refused = answer(ann, deletion(1), 2);
    EXPECT_EQ(refused["code"], "forbidden");
    EXPECT_EQ(refused["message"], "only moderator, admin may delete messages");
    EXPECT_FALSE(tombstone_stored(1));

    const auto code = [&](json frame, int id) { return answer(max, std::move(frame), id)["code"]; };
    EXPECT_EQ(code({{"type", "delete"}, {"seq", 1}}, 3), "bad_request") << "no room";
    EXPECT_EQ(code({{"type", "delete"}, {"room", "no such room"}, {"seq", 1}}, 4), "bad_request");
    EXPECT_EQ(code({{"type", "delete"}, {"room", "lobby"}}, 5), "bad_request") << "no seq";
    EXPECT_EQ(code(deletion(0), 6), "bad_request");
    EXPECT_EQ(code({{"type", "delete"}, {"room", "lobby"}, {"seq", -1}}, 7), "bad_request");
    EXPECT_EQ(code({{"type", "delete"}, {"room", "lobby"}, {"seq", "1"}}, 8), "bad_request");
    EXPECT_EQ(code({{"type", "delete"}, {"room", "lobby"}, {"seq", 1.5}}, 9), "bad_request");
    EXPECT_EQ(code({{"type", "delete"}, {"room", "lobby"}, {"seq", 1}, {"reason", 5}}, 10),
              "bad_request");
    EXPECT_EQ(code(deletion(2), 11), "not_found");
    EXPECT_FALSE(tombstone_stored(1));
}

TEST_F(DeleteFramesTest, AdminsPageThroughTheDeletionsOnRecordAndNobodyElseMay) {
    load();
    const chatd_conn_id ann = as("ann");
    const chatd_conn_id mod = as("mod", {"moderator"});
    const chatd_conn_id boss = as("boss", {"admin"});
    for (int i = 1; i <= 3; ++i)
        say(ann, "spam " + std::to_string(i), i);
    ASSERT_EQ(answer(mod, deletion(1, "spam"), 10)["type"], "deleted");
    ASSERT_EQ(answer(mod, deletion(3), 11)["type"], "deleted");

    EXPECT_EQ(answer(ann, {{"type", "deletions"}}, 20)["code"], "forbidden");
    EXPECT_EQ(answer(mod, {{"type", "deletions"}}, 21)["code"], "forbidden") << "admins only";
    EXPECT_EQ(answer(boss, {{"type", "deletions"}, {"limit", 0}}, 22)["code"], "bad_request");
    EXPECT_EQ(answer(boss, {{"type", "deletions"}, {"cursor", "nonsense"}}, 23)["code"],
              "bad_request");

    const json first = answer(boss, {{"type", "deletions"}, {"limit", 1}}, 24);
    ASSERT_EQ(first.value("type", ""), "deletions") << first;
    ASSERT_EQ(first["deletions"].size(), 1u);
    const json &newest = first["deletions"][0];
    EXPECT_EQ(newest["action"], "delete");
    EXPECT_EQ(newest["seq"], 3);
    EXPECT_EQ(newest["user"], "ann") << "whose message it was";
    EXPECT_EQ(newest["by"], "mod");
    EXPECT_FALSE(newest.contains("reason"));
    EXPECT_TRUE(newest["at_ms"].is_number_integer());
    ASSERT_TRUE(first.contains("next_cursor"));

    const json second =
        answer(boss, {{"type", "deletions"}, {"limit", 1}, {"cursor", first["next_cursor"]}}, 25);
    ASSERT_EQ(second["deletions"].size(), 1u) << second;
    EXPECT_EQ(second["deletions"][0]["seq"], 1);
    EXPECT_EQ(second["deletions"][0]["reason"], "spam");
    EXPECT_FALSE(second.contains("next_cursor")) << "the last page";
}

TEST_F(DeleteFramesTest, TheModeratorIsAnsweredOnceDurableAndTheRoomIsToldOnce) {
    load();
    const chatd_conn_id ann = as("ann");
    const chatd_conn_id max = as("max", {"admin"});
    say(ann, "one", 1);
    say(ann, "two", 2);
    say(ann, "three", 3);

    const json deleted = answer(max, deletion(2, "spam"), 4);
    EXPECT_EQ(deleted, json({{"type", "deleted"}, {"room", "lobby"}, {"seq", 2}, {"id", 4}}));
    EXPECT_TRUE(tombstone_stored(2)) << "answered only once durable";
    const json told = json({{"type", "moderation"},
                            {"action", "delete"},
                            {"room", "lobby"},
                            {"seq", 2},
                            {"by", "max"},
                            {"reason", "spam"}});
    EXPECT_EQ(wait_for(ann, is_moderation), told);
    EXPECT_EQ(wait_for(max, is_moderation), told) << "the moderator is in the room too";

    // Again: the same answer, nothing new for the room.
    EXPECT_EQ(answer(max, deletion(2, "twice"), 5)["type"], "deleted");
    EXPECT_EQ(say(ann, "four", 6), 4u);
    const json page = answer(ann, {{"type", "history"}, {"room", "lobby"}, {"latest", true}}, 7);
    for (const json &frame : unread[ann])
        EXPECT_FALSE(is_moderation(frame)) << frame;

    ASSERT_EQ(page["messages"].size(), 4u) << page;
    const json &tombstone = page["messages"][1];
    EXPECT_EQ(tombstone["seq"], 2);
    EXPECT_EQ(tombstone["deleted"], true);
    EXPECT_EQ(tombstone["from"], "ann");
    EXPECT_FALSE(tombstone.contains("text"));
    EXPECT_EQ(page["messages"][0]["text"], "one");
    EXPECT_EQ(page["messages"][2]["text"], "three");
    const json found = answer(
        ann, {{"type", "history"}, {"room", "lobby"}, {"latest", true}, {"search", "two"}}, 8);
    EXPECT_EQ(found["messages"], json::array());

    // Over HTTP and in a join's replay alike.
    const uint64_t get = host.http_request("GET", "/api/v1/rooms/lobby/messages?between=2,2");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!host.http_answer(get).complete && std::chrono::steady_clock::now() < deadline)
        host.settle();
    EXPECT_EQ(json::parse(host.http_answer(get).body)["messages"], json::array({tombstone}));
    const chatd_conn_id bob = as("bob");
    const json joined = answer(bob, {{"type", "join"}, {"room", "lobby"}, {"since", 1}}, 9);
    ASSERT_EQ(joined["messages"].size(), 3u) << joined;
    EXPECT_EQ(joined["messages"][0], tombstone);
}

TEST_F(DeleteFramesTest, ADeletionThatIsNotWrittenIsRefusedAndToldToNobody) {
    load([](test::TestHost &on) { on.set_config_int("busy_timeout_ms", 0); });
    const chatd_conn_id ann = as("ann");
    const chatd_conn_id max = as("max", {"moderator"});
    say(ann, "one", 1);
    {
        // Another process holds the write lock: the deletion cannot commit.
        storage::Database other(database);
        storage::Transaction lock(other);
        const json refused = answer(max, deletion(1), 2);
        EXPECT_EQ(refused["type"], "error");
        EXPECT_EQ(refused["code"], "busy");
    }
    EXPECT_FALSE(tombstone_stored(1));
    EXPECT_EQ(answer(max, deletion(1), 3)["type"], "deleted") << "once the lock is gone";
    EXPECT_EQ(wait_for(ann, is_moderation)["seq"], 1);
    for (const json &frame : unread[ann])
        EXPECT_FALSE(is_moderation(frame)) << "one event, for the deletion that was written";
}

TEST_F(DeleteFramesTest, DeleteRolesNameWhoMayDelete) {
    load([](test::TestHost &on) { on.set_config_strings("delete_roles", {"janitor"}); });
    const chatd_conn_id ann = as("ann");
    const chatd_conn_id max = as("max", {"moderator"});
    const chatd_conn_id jan = as("jan", {"janitor"});
    say(ann, "one", 1);
    const json refused = answer(max, deletion(1), 2);
    EXPECT_EQ(refused["code"], "forbidden");
    EXPECT_EQ(refused["message"], "only janitor may delete messages");
    EXPECT_EQ(answer(jan, deletion(1), 3)["type"], "deleted");
}

} // namespace
} // namespace chatd::history
