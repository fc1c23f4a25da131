#include "accounts/account_store.hpp"
#include "accounts/password_hash.hpp"
#include "chatctl/auth_settings.hpp"
#include "chatctl/commands.hpp"
#include "chatctl/database.hpp"
#include "chatctl/output.hpp"
#include "chatctl/password_input.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/migrations.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <variant>

namespace chatd::chatctl {

namespace {

using auth::AccountStore;
using Change = AccountStore::Change;

std::string joined(const std::vector<std::string> &words) {
    std::string out;
    for (const std::string &word : words)
        out += (out.empty() ? "" : ", ") + word;
    return out;
}

// A role the plugin would not know, refused before anything is written.
std::optional<std::string> unknown_role(const Options &options, const AuthSettings &settings) {
    const UserRequest &user = options.user;
    std::vector<std::string> wanted = user.roles;
    if (user.action == UserAction::RoleAdd) wanted.push_back(user.role);
    for (const std::string &role : wanted)
        if (std::find(settings.roles.begin(), settings.roles.end(), role) == settings.roles.end())
            return "unknown role '" + role + "': give one of " + joined(settings.roles) +
                   (options.database.config
                        ? ""
                        : " (or a role of the config's [plugins.auth] roles, with --config)");
    return std::nullopt;
}

int list_accounts(const Options &options, const std::filesystem::path &path) {
    if (auto why = unusable_database(path)) return fail(*why, kRuntimeError);
    {
        // Read-only, so that listing never adds tables to a file that is not
        // an accounts database (the history's, named by mistake).
        storage::Database db(path, {.access = storage::Access::ReadOnly});
        if (storage::schema_version(db, "auth") == 0)
            return fail(path.string() + ": not a chatd accounts database (it has no auth tables)",
                        kRuntimeError);
    }
    const std::vector<auth::Account> accounts = AccountStore({.path = path}).list();
    if (options.json) {
        for (const auth::Account &account : accounts)
            std::printf("%s\n", account_json(account).c_str());
    } else if (accounts.empty()) {
        std::fprintf(stderr, "no accounts\n");
    } else {
        static constexpr std::array kAlign = {Align::Left, Align::Left, Align::Left};
        std::vector<std::vector<std::string>> rows = {{"NAME", "ROLES", "CREATED"}};
        for (const auth::Account &account : accounts)
            rows.push_back(account_row(account));
        std::fputs(table(rows, kAlign).c_str(), stdout);
    }
    return 0;
}

// add and passwd. The account's state is checked before the password is
// asked for, so nobody types one for nothing; the write checks again.
// Returns why the password was refused, or the change.
std::variant<Change, std::string> set_password(const UserRequest &user,
                                               const AuthSettings &settings, AccountStore &store) {
    const bool adding = user.action == UserAction::Add;
    if (store.find(user.name).has_value() == adding)
        return adding ? Change::Exists : Change::NotFound;
    Password password;
    if (auto refused = read_new_password(password)) return *refused;
    const std::string hash = auth::hash_password(password.text(), settings.params);
    return adding ? store.add(user.name, hash, user.roles) : store.set_password(user.name, hash);
}

int report(const UserRequest &user, Change change) {
    switch (change) {
    case Change::Done: break;
    case Change::Exists: return fail("an account named '" + user.name + "' exists", kRuntimeError);
    case Change::NotFound: return fail("no account named '" + user.name + "'", kRuntimeError);
    case Change::Unchanged:
        // Asking for what already holds is no error, so scripts may repeat it.
        std::fprintf(stderr, "%s\n",
                     (user.action == UserAction::RoleAdd
                          ? "'" + user.name + "' has the role '" + user.role + "' already"
                          : "'" + user.name + "' has no role '" + user.role + "'")
                         .c_str());
        break;
    }
    return 0;
}

} // namespace

int user_command(const Options &options) {
    auto read = auth_settings(options.database);
    if (auto *error = std::get_if<std::string>(&read)) return fail(*error, kRuntimeError);
    const AuthSettings &settings = std::get<AuthSettings>(read);
    const UserRequest &user = options.user;
    if (auto why = unknown_role(options, settings)) return fail(*why, kUsageError);
    try {
        if (user.action == UserAction::List) return list_accounts(options, settings.database);
        AccountStore store({.path = settings.database});
        switch (user.action) {
        case UserAction::Add:
        case UserAction::Passwd: {
            auto outcome = set_password(user, settings, store);
            if (auto *refused = std::get_if<std::string>(&outcome))
                return fail(*refused, kUsageError);
            return report(user, std::get<Change>(outcome));
        }
        case UserAction::Del: return report(user, store.remove(user.name));
        case UserAction::RoleAdd: return report(user, store.add_role(user.name, user.role));
        case UserAction::RoleRm: return report(user, store.remove_role(user.name, user.role));
        case UserAction::List: break;
        }
    } catch (const std::exception &error) {
        return fail(error.what(), kRuntimeError);
    }
    return 0;
}

} // namespace chatd::chatctl
