// The accounts table against real files: case-insensitive names that keep
// their spelling, each change's outcome, roles, reopening, and the errors a
// file that cannot be made gives.
#include "accounts/account_store.hpp"
#include "support/chatd_process.hpp"

#include <gtest/gtest.h>

#include <chatd/storage/database.hpp>
#include <chatd/storage/migrations.hpp>

#include <memory>
#include <stdexcept>
#include <thread>

namespace chatd::auth {
namespace {

namespace fs = std::filesystem;
using Change = AccountStore::Change;
using Roles = std::vector<std::string>;

class AccountStoreTest : public ::testing::Test {
protected:
    AccountStoreTest() { open(); }

    void open() {
        store.reset();
        store = std::make_unique<AccountStore>(
            AccountStoreOptions{.path = path, .clock = [this] { return now_ms; }});
    }
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const Account &account : store->list())
            out.push_back(account.name);
        return out;
    }

    test::TempDir dir;
    fs::path path = dir.path() / "data" / "auth.db";
    int64_t now_ms = 1'796'119'200'000;
    std::unique_ptr<AccountStore> store;
};

TEST_F(AccountStoreTest, AFreshFileHasNoAccounts) {
    EXPECT_TRUE(store->list().empty());
    EXPECT_EQ(store->find("alice"), std::nullopt);
    EXPECT_TRUE(fs::exists(path)) << "the directory and the file are made";
    storage::Database db(path);
    EXPECT_EQ(storage::schema_version(db, "auth"), 1);
}

TEST_F(AccountStoreTest, AnAddedAccountIsFoundWithItsHashRolesAndTime) {
    EXPECT_EQ(store->add("alice", "hash-a", {"user", "admin"}), Change::Done);
    const auto alice = store->find("alice");
    ASSERT_TRUE(alice);
    EXPECT_EQ(alice->name, "alice");
    EXPECT_EQ(alice->password_hash, "hash-a");
    EXPECT_EQ(alice->roles, (Roles{"admin", "user"}));
    EXPECT_EQ(alice->created_ms, now_ms);
}

TEST_F(AccountStoreTest, NamesCompareWithoutCaseButKeepTheirSpelling) {
    EXPECT_EQ(store->add("Alice", "h", {"user"}), Change::Done);
    for (std::string_view spelling : {"alice", "ALICE", "aLiCe"}) {
        const auto found = store->find(spelling);
        ASSERT_TRUE(found) << spelling;
        EXPECT_EQ(found->name, "Alice");
    }
    EXPECT_EQ(store->add("alice", "h2", {}), Change::Exists);
    EXPECT_EQ(store->find("alice")->password_hash, "h");
    EXPECT_EQ(store->add_role("ALICE", "admin"), Change::Done);
    EXPECT_EQ(store->add_role("alice", "admin"), Change::Unchanged);
    EXPECT_EQ(store->find("Alice")->roles, (Roles{"admin", "user"}));
    EXPECT_EQ(store->remove("aLICE"), Change::Done);
    EXPECT_TRUE(store->list().empty());
}

TEST_F(AccountStoreTest, ListIsByNameWithoutHashes) {
    store->add("carol", "hc", {});
    store->add("Bob", "hb", {"moderator", "admin"});
    store->add("alice", "ha", {"user"});
    const std::vector<Account> accounts = store->list();
    ASSERT_EQ(accounts.size(), 3u);
    EXPECT_EQ(names(), (Roles{"alice", "Bob", "carol"}));
    EXPECT_EQ(accounts[1].roles, (Roles{"admin", "moderator"}));
    EXPECT_TRUE(accounts[2].roles.empty());
    for (const Account &account : accounts) {
        EXPECT_EQ(account.password_hash, "");
        EXPECT_EQ(account.created_ms, now_ms);
    }
}

TEST_F(AccountStoreTest, SetPasswordReplacesTheHashAndKeepsTheRest) {
    store->add("alice", "old", {"user"});
    now_ms += 1000;
    EXPECT_EQ(store->set_password("ALICE", "new"), Change::Done);
    const auto alice = store->find("alice");
    EXPECT_EQ(alice->password_hash, "new");
    EXPECT_EQ(alice->roles, Roles{"user"});
    EXPECT_EQ(alice->created_ms, now_ms - 1000);
    EXPECT_EQ(store->set_password("bob", "x"), Change::NotFound);
}

TEST_F(AccountStoreTest, RemoveTakesTheRolesWithIt) {
    store->add("alice", "h", {"admin", "user"});
    EXPECT_EQ(store->remove("alice"), Change::Done);
    EXPECT_EQ(store->find("alice"), std::nullopt);
    EXPECT_EQ(store->remove("alice"), Change::NotFound);
    // A new account of the same name starts without the old roles.
    store->add("alice", "h", {});
    EXPECT_TRUE(store->find("alice")->roles.empty());
}

TEST_F(AccountStoreTest, RolesAreAddedAndRemovedOnceEach) {
    store->add("alice", "h", {});
    EXPECT_EQ(store->add_role("alice", "moderator"), Change::Done);
    EXPECT_EQ(store->add_role("alice", "moderator"), Change::Unchanged);
    EXPECT_EQ(store->add_role("alice", "admin"), Change::Done);
    EXPECT_EQ(store->find("alice")->roles, (Roles{"admin", "moderator"}));
    EXPECT_EQ(store->remove_role("alice", "moderator"), Change::Done);
    EXPECT_EQ(store->remove_role("alice", "moderator"), Change::Unchanged);
    EXPECT_EQ(store->find("alice")->roles, Roles{"admin"});
    EXPECT_EQ(store->add_role("bob", "admin"), Change::NotFound);
    EXPECT_EQ(store->remove_role("bob", "admin"), Change::NotFound);
}

TEST_F(AccountStoreTest, DuplicateRolesInAnAddCountOnce) {
    EXPECT_EQ(store->add("alice", "h", {"user", "user"}), Change::Done);
    EXPECT_EQ(store->find("alice")->roles, Roles{"user"});
}

TEST_F(AccountStoreTest, InvalidNamesAndRolesAreNeverStored) {
    EXPECT_THROW(store->add("guest-1", "h", {}), std::invalid_argument);
    EXPECT_THROW(store->add("Guest-x", "h", {}), std::invalid_argument);
    EXPECT_THROW(store->add("a b", "h", {}), std::invalid_argument);
    EXPECT_THROW(store->add("alice", "h", {"Admin"}), std::invalid_argument);
    EXPECT_TRUE(store->list().empty());
    store->add("alice", "h", {});
    EXPECT_THROW(store->add_role("alice", "no such"), std::invalid_argument);
    EXPECT_TRUE(store->find("alice")->roles.empty());
}

TEST_F(AccountStoreTest, AReopenedStoreHasEverything) {
    store->add("alice", "ha", {"admin"});
    store->add("bob", "hb", {});
    store->set_password("bob", "hb2");
    open();
    EXPECT_EQ(names(), (Roles{"alice", "bob"}));
    EXPECT_EQ(store->find("bob")->password_hash, "hb2");
    EXPECT_EQ(store->find("alice")->roles, Roles{"admin"});
}

TEST_F(AccountStoreTest, ASecondStoreOnTheSameFileSeesTheFirstsWrites) {
    // As chatd and chatctl do: two processes, one file.
    AccountStore other({.path = path});
    EXPECT_EQ(other.add("alice", "h", {"user"}), Change::Done);
    EXPECT_EQ(store->find("alice")->roles, Roles{"user"});
    EXPECT_EQ(store->add("alice", "h", {}), Change::Exists);
}

TEST_F(AccountStoreTest, FindIsSafeFromManyThreadsAtOnce) {
    store->add("alice", "h", {"user"});
    std::vector<std::thread> readers;
    std::atomic<int> found{0};
    for (int i = 0; i < 4; ++i)
        readers.emplace_back([&] {
            for (int n = 0; n < 50; ++n)
                found += store->find("alice").has_value();
        });
    for (std::thread &reader : readers)
        reader.join();
    EXPECT_EQ(found, 200);
}

TEST_F(AccountStoreTest, ADirectoryThatCannotBeMadeIsAnErrorNamingThePath) {
    const fs::path blocker = dir.write("file", "not a directory");
    const fs::path inside = blocker / "sub" / "auth.db";
    try {
        AccountStore bad({.path = inside});
        ADD_FAILURE() << "opened " << inside;
    } catch (const std::runtime_error &e) {
        EXPECT_NE(std::string(e.what()).find(inside.string()), std::string::npos) << e.what();
    }
}

TEST_F(AccountStoreTest, AFileThatIsNoDatabaseIsAnErrorNamingIt) {
    const fs::path text = dir.write("notes.db", std::string(4096, 'x'));
    try {
        AccountStore bad({.path = text});
        ADD_FAILURE() << "opened " << text;
    } catch (const std::runtime_error &e) {
        EXPECT_EQ(std::string(e.what()).rfind(
                      "cannot open the accounts database: " + text.string() + ": ", 0),
                  0u)
            << e.what();
    }
}

} // namespace
} // namespace chatd::auth
