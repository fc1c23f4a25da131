// Invitations in a real SQLite file: stored once committed, removed, and
// there again when the store opens the file anew.
#include "invitation_store.hpp"
#include "support/chatd_process.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <future>

namespace chatd::auth {
namespace {

using chatd::test::TempDir;

// Waits for the writer to say how the change submitted with `done` went:
// "" once committed, else the error.
template <class Submit> std::string committed(Submit submit) {
    auto done = std::make_shared<std::promise<std::string>>();
    auto result = done->get_future();
    const storage::Submitted submitted = submit([done](const std::optional<storage::Error> &error) {
        done->set_value(error ? error->what() : "");
    });
    if (submitted != storage::Submitted::Queued) return "not queued";
    if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) return "timeout";
    return result.get();
}

std::string invite(InvitationStore &store, const std::string &room, const std::string &user,
                   const std::string &by) {
    return committed([&](InvitationStore::Done done) {
        return store.invite({.room = room, .user = user, .by = by}, std::move(done));
    });
}

std::string uninvite(InvitationStore &store, const std::string &room, const std::string &user) {
    return committed(
        [&](InvitationStore::Done done) { return store.uninvite(room, user, std::move(done)); });
}

std::vector<std::string> users_at_open(const std::filesystem::path &path) {
    InvitationStore store({.path = path});
    std::vector<std::string> users;
    for (const Invitation &invitation : store.at_open())
        users.push_back(invitation.room + ":" + invitation.user + " by " + invitation.by);
    return users;
}

TEST(InvitationStoreTest, ANewFileInItsOwnDirectoryHoldsNoInvitation) {
    TempDir dir;
    EXPECT_TRUE(users_at_open(dir.path() / "auth" / "chatd-auth.db").empty());
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "auth" / "chatd-auth.db"));
}

TEST(InvitationStoreTest, InvitationsSurviveTheStoreAndUninviteRemovesThem) {
    TempDir dir;
    const auto path = dir.path() / "auth.db";
    {
        InvitationStore store({.path = path});
        EXPECT_EQ(invite(store, "staff", "Bob", "max"), "");
        EXPECT_EQ(invite(store, "staff", "carol", "ada"), "");
        EXPECT_EQ(invite(store, "ops", "carol", "ada"), "");
        EXPECT_EQ(invite(store, "staff", "BOB", "ada"), "") << "inviting again is done";
    }
    EXPECT_EQ(users_at_open(path), (std::vector<std::string>{"ops:carol by ada", "staff:Bob by max",
                                                             "staff:carol by ada"}))
        << "the first spelling and inviter stay";
    {
        InvitationStore store({.path = path});
        EXPECT_EQ(uninvite(store, "staff", "bob"), "");
        EXPECT_EQ(uninvite(store, "staff", "nobody"), "") << "uninviting who is not is done";
    }
    EXPECT_EQ(users_at_open(path),
              (std::vector<std::string>{"ops:carol by ada", "staff:carol by ada"}));
}

TEST(InvitationStoreTest, AFileThatIsNoDatabaseIsRefusedNamingIt) {
    TempDir dir;
    const auto path = dir.write("auth.db", std::string(4096, 'x'));
    try {
        InvitationStore store({.path = path});
        FAIL() << "opened";
    } catch (const std::runtime_error &e) {
        EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace chatd::auth
