// The real chatctl binary's `user` commands against real files, the password
// fed on stdin as a script would: each action's effect as the auth plugin's
// library reads it back, exit codes and one-line messages, the config's
// database, cost and roles, and that no password ever reaches the output.
#include "accounts/account_store.hpp"
#include "accounts/password_hash.hpp"
#include "core/timestamp.hpp"
#include "support/chatd_process.hpp"

#include <chatd/storage/database.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace chatd::auth {
namespace {

namespace fs = std::filesystem;
using test::ProgramOutput;
using Roles = std::vector<std::string>;

constexpr const char *kPassword = "Tr0ub4dor&3 unique";
constexpr const char *kOtherPassword = "correct-horse-9";

class ChatctlUserTest : public ::testing::Test {
protected:
    // chatctl user ARGS --config <the test's config>, with `input` on stdin;
    // checks that no password it was given shows in its output.
    ProgramOutput user(std::vector<std::string> args,
                       const std::optional<std::string> &input = std::nullopt) const {
        args.insert(args.begin(), "user");
        args.insert(args.end(), {"--config", config.string()});
        return chatctl(args, input);
    }
    static ProgramOutput chatctl(const std::vector<std::string> &args,
                                 const std::optional<std::string> &input = std::nullopt) {
        ProgramOutput result = test::run_program_with_input(CHATCTL_BINARY, args, input);
        for (const char *password : {kPassword, kOtherPassword}) {
            EXPECT_EQ(result.out.find(password), std::string::npos) << result.out;
            EXPECT_EQ(result.err.find(password), std::string::npos) << result.err;
        }
        return result;
    }
    static void expect_exit(const ProgramOutput &run, int code) {
        EXPECT_EQ(run.status.code, code) << run.status << "\nstdout:\n"
                                         << run.out << "stderr:\n"
                                         << run.err;
    }
    // The accounts as the auth plugin's library reads them.
    std::optional<Account> stored(const std::string &name) const {
        return AccountStore({.path = database}).find(name);
    }
    void add(const std::string &name, const Roles &roles = {}) const {
        std::vector<std::string> args = {"add", name};
        for (const std::string &role : roles)
            args.insert(args.end(), {"--role", role});
        expect_exit(user(args, std::string(kPassword) + "\n"), 0);
    }

    test::TempDir dir;
    // The cheapest argon2, so the suite stays fast; one extra role.
    fs::path config = dir.write("chatd.toml", "[plugins.auth]\n"
                                              "database = \"data/accounts.db\"\n"
                                              "argon2_ops = 1\n"
                                              "argon2_mem_kib = 8\n"
                                              "roles = [\"vip\"]\n");
    fs::path database = dir.path() / "data" / "accounts.db";
};

TEST_F(ChatctlUserTest, AddCreatesTheDatabaseWithAHashOfTheStdinPassword) {
    const ProgramOutput run =
        user({"add", "Alice", "--role", "admin", "--role", "vip"}, std::string(kPassword) + "\r\n");
    expect_exit(run, 0);
    EXPECT_EQ(run.out + run.err, "");
    const auto alice = stored("alice");
    ASSERT_TRUE(alice);
    EXPECT_EQ(alice->name, "Alice");
    EXPECT_EQ(alice->roles, (Roles{"admin", "vip"}));
    EXPECT_TRUE(verify_password(alice->password_hash, kPassword));
    // Hashed at the config's cost.
    EXPECT_FALSE(needs_rehash(alice->password_hash, {.ops = 1, .mem_kib = 8}));
}

TEST_F(ChatctlUserTest, AddingATakenNameInAnyCaseFailsWithOne) {
    add("alice");
    const std::string hash = stored("alice")->password_hash;
    const ProgramOutput run = user({"add", "ALICE"}, std::string(kOtherPassword) + "\n");
    expect_exit(run, 1);
    EXPECT_EQ(run.err, "chatctl: an account named 'ALICE' exists\n");
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(stored("alice")->password_hash, hash);
}

TEST_F(ChatctlUserTest, ListShowsNamesRolesAndCreationTimes) {
    add("bob", {"moderator", "admin"});
    add("alice");
    const std::string bob_created = rfc3339_ms(stored("bob")->created_ms);
    const std::string alice_created = rfc3339_ms(stored("alice")->created_ms);
    ProgramOutput run = user({"list"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, "NAME   ROLES            CREATED\n"
                       "alice  -                " +
                           alice_created +
                           "\n"
                           "bob    admin,moderator  " +
                           bob_created + "\n");
    EXPECT_EQ(run.err, "");
    run = user({"list", "--json"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, R"({"name":"alice","roles":[],"created":")" + alice_created + "\"}\n" +
                           R"({"name":"bob","roles":["admin","moderator"],"created":")" +
                           bob_created + "\"}\n");
    EXPECT_EQ(run.out.find("argon2"), std::string::npos);
}

TEST_F(ChatctlUserTest, ListOfNoAccountsSaysSoAndOfNoFileFails) {
    ProgramOutput run = user({"list"});
    expect_exit(run, 1);
    EXPECT_EQ(run.err.rfind("chatctl: " + database.string() + ": no such file", 0), 0u) << run.err;
    EXPECT_FALSE(fs::exists(database));
    add("alice");
    expect_exit(user({"del", "alice"}), 0);
    run = user({"list"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "no accounts\n");
    run = user({"list", "--json"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out + run.err, "");
}

TEST_F(ChatctlUserTest, ListRefusesADatabaseWithoutAccountsAndLeavesItAlone) {
    const fs::path other = dir.path() / "history.db";
    storage::Database(other).exec("CREATE TABLE t(x)");
    const ProgramOutput run = chatctl({"user", "list", "--db", other.string()});
    expect_exit(run, 1);
    EXPECT_EQ(run.err, "chatctl: " + other.string() +
                           ": not a chatd accounts database (it has no auth tables)\n");
    storage::Database db(other);
    auto tables = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'auth%'");
    ASSERT_EQ(tables.step(), storage::Step::Row);
    EXPECT_EQ(tables.column_int64(0), 0);
}

TEST_F(ChatctlUserTest, PasswdReplacesTheHash) {
    add("alice", {"user"});
    const ProgramOutput run = user({"passwd", "ALICE"}, std::string(kOtherPassword) + "\n");
    expect_exit(run, 0);
    const auto alice = stored("alice");
    EXPECT_TRUE(verify_password(alice->password_hash, kOtherPassword));
    EXPECT_FALSE(verify_password(alice->password_hash, kPassword));
    EXPECT_EQ(alice->roles, Roles{"user"});
    const ProgramOutput missing = user({"passwd", "bob"}, std::string(kPassword) + "\n");
    expect_exit(missing, 1);
    EXPECT_EQ(missing.err, "chatctl: no account named 'bob'\n");
}

TEST_F(ChatctlUserTest, RolesAreAddedAndRemoved) {
    add("alice");
    ProgramOutput run = user({"role", "add", "alice", "moderator"});
    expect_exit(run, 0);
    EXPECT_EQ(run.out + run.err, "");
    expect_exit(user({"role", "add", "alice", "vip"}), 0);
    EXPECT_EQ(stored("alice")->roles, (Roles{"moderator", "vip"}));
    run = user({"role", "add", "alice", "vip"});
    expect_exit(run, 0);
    EXPECT_EQ(run.err, "'alice' has the role 'vip' already\n");
    expect_exit(user({"role", "rm", "Alice", "moderator"}), 0);
    EXPECT_EQ(stored("alice")->roles, Roles{"vip"});
    run = user({"role", "rm", "alice", "moderator"});
    expect_exit(run, 0);
    EXPECT_EQ(run.err, "'alice' has no role 'moderator'\n");
    run = user({"role", "add", "bob", "vip"});
    expect_exit(run, 1);
    EXPECT_EQ(run.err, "chatctl: no account named 'bob'\n");
}

TEST_F(ChatctlUserTest, DelRemovesTheAccount) {
    add("alice", {"admin"});
    expect_exit(user({"del", "alice"}), 0);
    EXPECT_EQ(stored("alice"), std::nullopt);
    const ProgramOutput run = user({"del", "alice"});
    expect_exit(run, 1);
    EXPECT_EQ(run.err, "chatctl: no account named 'alice'\n");
}

TEST_F(ChatctlUserTest, AnUnknownRoleIsAUsageErrorNamingTheAllowedOnes) {
    const ProgramOutput run = user({"add", "alice", "--role", "wizard"}, "pw\n");
    expect_exit(run, 2);
    EXPECT_EQ(run.err, "chatctl: unknown role 'wizard': give one of admin, moderator, user, "
                       "guest, vip (see chatctl --help)\n");
    EXPECT_FALSE(fs::exists(database));
    add("alice");
    expect_exit(user({"role", "add", "alice", "wizard"}), 2);
    // The config's roles need the config.
    const ProgramOutput plain =
        chatctl({"user", "role", "add", "alice", "vip", "--db", database.string()});
    expect_exit(plain, 2);
    EXPECT_EQ(plain.err, "chatctl: unknown role 'vip': give one of admin, moderator, user, guest "
                         "(or a role of the config's [plugins.auth] roles, with --config) (see "
                         "chatctl --help)\n");
}

TEST_F(ChatctlUserTest, BadPasswordsAndNamesAreUsageErrors) {
    const std::vector<std::pair<std::optional<std::string>, std::string>> passwords = {
        {"\n", "the password is empty"},
        {std::nullopt, "no password on stdin (give it as one line)"},
        {std::string(1025, 'p') + "\n", "the password is longer than 1024 bytes"},
    };
    for (const auto &[input, message] : passwords) {
        const ProgramOutput run = user({"add", "alice"}, input);
        expect_exit(run, 2);
        EXPECT_EQ(run.err, "chatctl: " + message + " (see chatctl --help)\n");
    }
    EXPECT_EQ(stored("alice"), std::nullopt);
    for (const char *name : {"guest-3", "Guest-x", "a/b"}) {
        const ProgramOutput run = user({"add", name}, std::string(kPassword) + "\n");
        expect_exit(run, 2);
        EXPECT_EQ(run.err.rfind(std::string("chatctl: invalid user name '") + name + "'", 0), 0u)
            << run.err;
    }
    expect_exit(user({"add"}), 2);
    expect_exit(user({"role", "add", "alice"}), 2);
}

TEST_F(ChatctlUserTest, DbNamesTheFileAndTheDefaultsApply) {
    const fs::path file = dir.path() / "elsewhere" / "a.db";
    const ProgramOutput run =
        chatctl({"user", "add", "carol", "--db", file.string()}, std::string(kPassword) + "\n");
    expect_exit(run, 0);
    const auto carol = AccountStore({.path = file}).find("carol");
    ASSERT_TRUE(carol);
    EXPECT_TRUE(verify_password(carol->password_hash, kPassword));
    EXPECT_FALSE(needs_rehash(carol->password_hash, PasswordParams{}));
    EXPECT_FALSE(fs::exists(database));
    // Neither --db nor --config: the default file in the working directory.
    const fs::path cwd = dir.path() / "cwd";
    fs::create_directory(cwd);
    expect_exit(test::run_program_with_input(CHATCTL_BINARY, {"user", "add", "dave"},
                                             std::string(kPassword) + "\n", cwd),
                0);
    EXPECT_TRUE(AccountStore({.path = cwd / "chatd-auth.db"}).find("dave"));
}

TEST_F(ChatctlUserTest, ABadConfigIsAnErrorNamingFileAndLine) {
    const fs::path bad = dir.write("bad.toml", "[plugins.auth]\nargon2_ops = 0\n");
    const ProgramOutput run =
        chatctl({"user", "add", "alice", "--config", bad.string()}, std::string(kPassword) + "\n");
    expect_exit(run, 1);
    EXPECT_EQ(run.err, "chatctl: " + bad.string() +
                           ":2:14: 'argon2_ops' must be between 1 and 4294967295, got 0 (argon2id "
                           "passes for new password hashes (chatctl user add and passwd))\n");
}

} // namespace
} // namespace chatd::auth
