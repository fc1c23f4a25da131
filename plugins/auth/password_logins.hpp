// Password mode: an account's argon2id hash is checked on a worker thread,
// since one check takes tens of milliseconds and argon2_mem_kib of memory.
// A name without an account is checked against a hash made at start with the
// same parameters, so that the time of an answer does not tell which names
// exist.
#pragma once

#include "identity.hpp"
#include "settings.hpp"

#include "accounts/account_store.hpp"
#include "worker_pool.hpp"

#include <functional>
#include <optional>
#include <string>

namespace chatd::auth {

// How a check ended: an identity, or none with `fault` set when the accounts
// could not be read (the operator's problem, not the client's).
struct PasswordCheck {
    std::optional<Identity> identity;
    std::string fault;
};

class PasswordLogins {
public:
    // Opens (creating if missing) the accounts database; throws
    // std::runtime_error naming the file when it cannot.
    explicit PasswordLogins(const Settings &settings);

    // Checks on a worker thread and calls `done` there. false, and `done` is
    // never called, when max_pending_logins checks are waiting already.
    bool check(std::string user, std::string password, std::function<void(PasswordCheck)> done);

    // Accounts in the database, for the start's log line.
    std::size_t accounts() const;

private:
    PasswordCheck run(const std::string &user, const std::string &password) const;

    const Settings &settings_;
    AccountStore store_;
    const std::string missing_user_hash_;
    plugins::WorkerPool workers_; // last: its threads use the members above until it is gone
};

} // namespace chatd::auth
