// Bans and mutes in memory, and in the file they survive a restart in.
#include "sanction_store.hpp"
#include "sanctions.hpp"
#include "support/chatd_process.hpp"

#include <gtest/gtest.h>

#include <future>

namespace chatd::moderation {
namespace {

Sanction sanction(Kind kind, std::string room, std::string user, int64_t expires_ms = 0) {
    return {.kind = kind,
            .room = std::move(room),
            .user = std::move(user),
            .by = "mia",
            .reason = "spam",
            .created_ms = 1000,
            .expires_ms = expires_ms};
}

TEST(SanctionsTest, ARoomsOwnSanctionComesFirstThenTheServerWideOne) {
    Sanctions s;
    s.set(sanction(Kind::Ban, "", "Bob", 0));
    s.set(sanction(Kind::Ban, "lobby", "bob", 5000));
    ASSERT_NE(s.find(Kind::Ban, "BOB", "lobby"), nullptr);
    EXPECT_EQ(s.find(Kind::Ban, "BOB", "lobby")->expires_ms, 5000);
    EXPECT_EQ(s.find(Kind::Ban, "bob", "other")->room, "");
    EXPECT_EQ(s.find(Kind::Mute, "bob", "lobby"), nullptr);
    EXPECT_TRUE(s.lift(Kind::Ban, "", "bOb"));
    EXPECT_EQ(s.find(Kind::Ban, "bob", "other"), nullptr);
    EXPECT_FALSE(s.lift(Kind::Ban, "", "bob"));
}

TEST(SanctionsTest, SettingAgainReplacesWhateverTheCase) {
    Sanctions s;
    s.set(sanction(Kind::Mute, "lobby", "bob", 100));
    s.set(sanction(Kind::Mute, "lobby", "BOB", 200));
    EXPECT_EQ(s.size(), 1u);
    EXPECT_EQ(s.exactly(Kind::Mute, "lobby", "Bob")->expires_ms, 200);
}

TEST(SanctionsTest, KindsHaveTheirFrameNames) {
    for (Kind kind : {Kind::Ban, Kind::Mute, Kind::ShadowMute})
        EXPECT_EQ(parse_kind(kind_name(kind)), kind);
    EXPECT_EQ(parse_kind("kick"), std::nullopt);
}

// Waits for a store's completion on the test's thread.
struct Waiter {
    std::promise<std::optional<storage::Error>> promise;
    SanctionStore::Done done() {
        return [this](const std::optional<storage::Error> &error) { promise.set_value(error); };
    }
    bool ok() {
        auto future = promise.get_future();
        return future.wait_for(std::chrono::seconds(10)) == std::future_status::ready &&
               !future.get().has_value();
    }
};

TEST(SanctionStoreTest, ChangesAndTheirAuditSurviveReopening) {
    chatd::test::TempDir dir;
    const auto path = dir.path() / "sub" / "moderation.db";
    {
        SanctionStore store({.path = path});
        EXPECT_TRUE(store.at_open().empty());
        Waiter a, b, c;
        ASSERT_EQ(store.set(sanction(Kind::Ban, "lobby", "bob", 9000),
                            {.at_ms = 1, .by = "mia", .action = "ban", .user = "bob"}, a.done()),
                  storage::Submitted::Queued);
        ASSERT_TRUE(a.ok());
        ASSERT_EQ(store.set(sanction(Kind::Mute, "", "eve"),
                            {.at_ms = 2, .by = "mia", .action = "mute", .user = "eve"}, b.done()),
                  storage::Submitted::Queued);
        ASSERT_TRUE(b.ok());
        ASSERT_EQ(store.lift({Kind::Mute, Kind::ShadowMute}, "", "EVE",
                             {.at_ms = 3, .by = "mia", .action = "unmute", .user = "eve"},
                             c.done()),
                  storage::Submitted::Queued);
        ASSERT_TRUE(c.ok());
    }
    SanctionStore store({.path = path});
    ASSERT_EQ(store.at_open().size(), 1u);
    EXPECT_EQ(store.at_open()[0].user, "bob");
    EXPECT_EQ(store.at_open()[0].expires_ms, 9000);

    std::promise<std::vector<AuditEntry>> read;
    ASSERT_EQ(
        store.audit(0, 2,
                    [&](std::vector<AuditEntry> entries, const std::optional<storage::Error> &) {
                        read.set_value(std::move(entries));
                    }),
        storage::Submitted::Queued);
    const std::vector<AuditEntry> newest = read.get_future().get();
    ASSERT_EQ(newest.size(), 2u);
    EXPECT_EQ(newest[0].action, "unmute");
    EXPECT_EQ(newest[1].action, "mute");
    EXPECT_GT(newest[0].id, newest[1].id);
}

TEST(SanctionStoreTest, AnotherProcessesChangeIsFoundAndOnlyThen) {
    chatd::test::TempDir dir;
    const auto path = dir.path() / "moderation.db";
    SanctionStore store({.path = path});
    auto reload = [&] {
        std::promise<std::optional<std::vector<Sanction>>> found;
        EXPECT_EQ(store.reload_if_changed([&](std::optional<std::vector<Sanction>> all,
                                              const std::optional<storage::Error> &error) {
            EXPECT_FALSE(error.has_value());
            found.set_value(std::move(all));
        }),
                  storage::Submitted::Queued);
        return found.get_future().get();
    };
    EXPECT_EQ(reload(), std::nullopt);
    Waiter own;
    ASSERT_EQ(store.set(sanction(Kind::Ban, "", "bob"), {.action = "ban"}, own.done()),
              storage::Submitted::Queued);
    ASSERT_TRUE(own.ok());
    EXPECT_EQ(reload(), std::nullopt); // its own write is known already
    {
        storage::Database other(path);
        other
            .prepare("INSERT INTO moderation_sanctions VALUES('mute', 'lobby', 'eve', 'cli', '', "
                     "1, 0)")
            .run();
    }
    const auto all = reload();
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(all->size(), 2u);
    EXPECT_EQ(reload(), std::nullopt);
}

} // namespace
} // namespace chatd::moderation
