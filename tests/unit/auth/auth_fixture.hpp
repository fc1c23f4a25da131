// The auth plugin with the rooms plugin in the test host, and what its tests
// share: accounts made before the plugin loads, and waits for the answers a
// worker thread sends later.
#pragma once

#include "accounts/account_store.hpp"
#include "accounts/password_hash.hpp"
#include "support/chatd_process.hpp"

#include <chatd/test_host.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace chatd::auth::testing {

using chatd::test::TestHost;
using nlohmann::json;
using Frames = std::vector<json>;

// Small enough that a test hashes in microseconds; what is tested is the
// plugin's use of argon2id, not its cost.
inline constexpr PasswordParams kCheapHashes{.ops = 1, .mem_kib = 8};

class AuthTest : public ::testing::Test {
protected:
    // Password mode, accounts in a file of the test's own.
    void password_mode() {
        host.set_config_string("mode", "password");
        host.set_config_string("database", database().string());
        host.set_config_int("argon2_ops", static_cast<int64_t>(kCheapHashes.ops));
        host.set_config_int("argon2_mem_kib", static_cast<int64_t>(kCheapHashes.mem_kib));
    }
    void add_account(const std::string &name, const std::string &password,
                     const std::vector<std::string> &roles = {}) {
        AccountStore store({.path = database()});
        ASSERT_EQ(store.add(name, hash_password(password, kCheapHashes), roles),
                  AccountStore::Change::Done);
    }
    std::filesystem::path database() const { return files.path() / "accounts.db"; }

    void load() {
        ASSERT_EQ(host.load(CHATD_AUTH_PLUGIN), "");
        ASSERT_EQ(host.load(CHATD_ROOMS_PLUGIN), "");
    }

    // Waits until conn has received at least `count` frames it has not read
    // (an answer from a worker thread comes when it comes), and takes them.
    Frames take_at_least(chatd_conn_id conn, size_t count) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (host.received(conn).size() < count && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::yield();
            host.settle();
        }
        return host.take(conn);
    }

    bool has_role(chatd_conn_id conn, const std::string &role) {
        int32_t yes = 0;
        host.on_pipeline([&] {
            host.api().check_role(host.plugin("auth"), conn, {role.data(), role.size()}, &yes);
        });
        return yes != 0;
    }

    // What the host answers a plugin asking whether conn may do `action` in
    // `room` (as history asks before a read): "" if allowed, else the reason.
    std::string denial(chatd_conn_id conn, std::string_view action, std::string_view room) {
        chatd_access_question q{};
        q.struct_size = sizeof q;
        q.conn = conn;
        q.action = {action.data(), action.size()};
        q.room = {room.data(), room.size()};
        int32_t allowed = 0;
        char reason[256] = {};
        chatd_status status = CHATD_ERR_STATE;
        host.on_pipeline([&] {
            status =
                host.api().check_access(host.plugin("rooms"), &q, &allowed, reason, sizeof reason);
        });
        EXPECT_EQ(status, CHATD_OK);
        return allowed ? "" : reason;
    }

    // Whether any line chatd logged contains `secret`.
    bool logged(const std::string &secret) const {
        for (const auto &line : host.logs())
            if (line.message.find(secret) != std::string::npos) return true;
        return false;
    }

    chatd::test::TempDir files;
    TestHost host;
};

inline json without_message(json frame) {
    frame.erase("message");
    return frame;
}

} // namespace chatd::auth::testing
