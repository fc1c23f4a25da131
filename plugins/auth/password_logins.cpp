#include "password_logins.hpp"

#include "accounts/password_hash.hpp"

#include <algorithm>
#include <exception>

namespace chatd::auth {

namespace {

PasswordParams params_of(const Settings &settings) {
    return {.ops = settings.argon2_ops, .mem_kib = settings.argon2_mem_kib};
}

// Checking a login against it costs what checking a real account does. What
// it was made from need not be secret: a name without an account fails
// whatever the check says.
std::string missing_user_hash(const Settings &settings) {
    return hash_password("no account has this password", params_of(settings));
}

} // namespace

PasswordLogins::PasswordLogins(const Settings &settings)
    : settings_(settings), store_({.path = settings.database}),
      missing_user_hash_(missing_user_hash(settings)),
      workers_({.threads = settings.login_workers,
                .max_waiting = settings.max_pending_logins,
                .at_stop = plugins::WorkerPool::AtStop::Drop,
                .thread_name = "chatd-auth-login"}) {}

bool PasswordLogins::check(std::string user, std::string password,
                           std::function<void(PasswordCheck)> done) {
    return workers_.submit([this, user = std::move(user), password = std::move(password),
                            done = std::move(done)]() mutable {
        PasswordCheck result = run(user, password);
        wipe_password(password);
        done(std::move(result));
    });
}

PasswordCheck PasswordLogins::run(const std::string &user, const std::string &password) const {
    std::optional<Account> account;
    try {
        account = store_.find(user);
    } catch (const std::exception &e) {
        return {std::nullopt, e.what()};
    }
    if (!account) {
        verify_password(missing_user_hash_, password);
        return {};
    }
    if (!verify_password(account->password_hash, password)) return {};
    Identity identity{account->name, {"user"}};
    for (const std::string &role : account->roles)
        if (settings_.known_role(role) &&
            std::find(identity.roles.begin(), identity.roles.end(), role) == identity.roles.end())
            identity.roles.push_back(role);
    return {std::move(identity), {}};
}

std::size_t PasswordLogins::accounts() const { return store_.list().size(); }

} // namespace chatd::auth
