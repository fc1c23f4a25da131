#include "accounts/account_store.hpp"

#include "core/timestamp.hpp"

#include "accounts/user_names.hpp"

#include <chatd/storage/directory.hpp>
#include <chatd/storage/migrations.hpp>
#include <chatd/storage/transaction.hpp>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace chatd::auth {

namespace {

// The auth plugin's tables, as migration steps of the owner "auth"; a step
// once released never changes, later ones are appended. NOCASE makes "Alice"
// and "alice" one key in both tables (valid names are ASCII, which is all
// NOCASE folds), while the name keeps the spelling it was added with. A
// role row belongs to its user and goes with it.
constexpr std::array<std::string_view, 1> kSteps = {
    R"sql(
CREATE TABLE auth_users(
    name TEXT NOT NULL COLLATE NOCASE PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
);
CREATE TABLE auth_user_roles(
    user_name TEXT NOT NULL COLLATE NOCASE
        REFERENCES auth_users(name) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY(user_name, role)
) WITHOUT ROWID;
)sql",
};

storage::Database open_for_writing(const AccountStoreOptions &options) {
    const std::filesystem::path &path = options.path;
    storage::create_directory_of(path);
    try {
        storage::Database db(path, {.busy_timeout = options.busy_timeout});
        storage::migrate(db, "auth", kSteps);
        return db;
    } catch (const storage::Error &e) {
        // e names the file.
        throw std::runtime_error(std::string("cannot open the accounts database: ") + e.what());
    }
}

bool exists(storage::Database &db, std::string_view name) {
    auto select = db.prepare_cached("SELECT 1 FROM auth_users WHERE name = ?1");
    return select->bind(1, name).step() == storage::Step::Row;
}

void touch(storage::Database &db, std::string_view name, int64_t now_ms) {
    auto update = db.prepare_cached("UPDATE auth_users SET updated_ms = ?2 WHERE name = ?1");
    update->bind(1, name).bind(2, now_ms).run();
}

void require_valid_role(std::string_view role) {
    if (!is_valid_role_name(role))
        throw std::invalid_argument("invalid role name '" + std::string(role) + "'");
}

} // namespace

AccountStore::AccountStore(const AccountStoreOptions &options)
    : clock_(options.clock ? options.clock : unix_ms_now), db_(open_for_writing(options)),
      readers_(options.path,
               {.access = storage::Access::ReadOnly, .busy_timeout = options.busy_timeout}) {}

std::optional<Account> AccountStore::find(std::string_view name) const {
    return readers_.read([&](storage::Database &db) -> std::optional<Account> {
        auto user = db.prepare_cached(
            "SELECT name, password_hash, created_ms FROM auth_users WHERE name = ?1");
        if (user->bind(1, name).step() != storage::Step::Row) return std::nullopt;
        Account account{.name = std::string(user->column_text(0)),
                        .password_hash = std::string(user->column_text(1)),
                        .created_ms = user->column_int64(2)};
        auto roles = db.prepare_cached(
            "SELECT role FROM auth_user_roles WHERE user_name = ?1 ORDER BY role");
        roles->bind(1, name);
        while (roles->step() == storage::Step::Row)
            account.roles.emplace_back(roles->column_text(0));
        return account;
    });
}

std::vector<Account> AccountStore::list() const {
    return readers_.read([](storage::Database &db) {
        auto rows = db.prepare_cached("SELECT u.name, u.created_ms, r.role FROM auth_users u "
                                      "LEFT JOIN auth_user_roles r ON r.user_name = u.name "
                                      "ORDER BY u.name, r.role");
        std::vector<Account> accounts;
        while (rows->step() == storage::Step::Row) {
            const std::string_view name = rows->column_text(0);
            if (accounts.empty() || accounts.back().name != name)
                accounts.push_back(
                    {.name = std::string(name), .created_ms = rows->column_int64(1)});
            if (!rows->column_is_null(2)) accounts.back().roles.emplace_back(rows->column_text(2));
        }
        return accounts;
    });
}

AccountStore::Change AccountStore::add(std::string_view name, std::string_view password_hash,
                                       const std::vector<std::string> &roles) {
    if (!is_valid_user_name(name))
        throw std::invalid_argument("invalid user name '" + std::string(name) + "'");
    std::for_each(roles.begin(), roles.end(), require_valid_role);
    std::lock_guard lock(write_mutex_);
    storage::Transaction transaction(db_);
    const int64_t now = clock_();
    auto insert =
        db_.prepare_cached("INSERT INTO auth_users(name, password_hash, created_ms, updated_ms) "
                           "VALUES(?1, ?2, ?3, ?3) ON CONFLICT(name) DO NOTHING");
    insert->bind(1, name).bind(2, password_hash).bind(3, now).run();
    if (db_.changes() == 0) return Change::Exists;
    auto grant =
        db_.prepare_cached("INSERT OR IGNORE INTO auth_user_roles(user_name, role) VALUES(?1, ?2)");
    for (const std::string &role : roles) {
        grant->bind(1, name).bind(2, role).run();
        grant->reset();
    }
    transaction.commit();
    return Change::Done;
}

AccountStore::Change AccountStore::set_password(std::string_view name,
                                                std::string_view password_hash) {
    std::lock_guard lock(write_mutex_);
    storage::Transaction transaction(db_);
    auto update = db_.prepare_cached(
        "UPDATE auth_users SET password_hash = ?2, updated_ms = ?3 WHERE name = ?1");
    update->bind(1, name).bind(2, password_hash).bind(3, clock_()).run();
    if (db_.changes() == 0) return Change::NotFound;
    transaction.commit();
    return Change::Done;
}

AccountStore::Change AccountStore::remove(std::string_view name) {
    std::lock_guard lock(write_mutex_);
    storage::Transaction transaction(db_);
    auto remove = db_.prepare_cached("DELETE FROM auth_users WHERE name = ?1");
    remove->bind(1, name).run();
    if (db_.changes() == 0) return Change::NotFound;
    transaction.commit();
    return Change::Done;
}

AccountStore::Change AccountStore::add_role(std::string_view name, std::string_view role) {
    require_valid_role(role);
    std::lock_guard lock(write_mutex_);
    storage::Transaction transaction(db_);
    if (!exists(db_, name)) return Change::NotFound;
    // The user's own spelling, so that every row of one user reads the same.
    auto grant = db_.prepare_cached("INSERT OR IGNORE INTO auth_user_roles(user_name, role) "
                                    "SELECT name, ?2 FROM auth_users WHERE name = ?1");
    grant->bind(1, name).bind(2, role).run();
    if (db_.changes() == 0) return Change::Unchanged;
    touch(db_, name, clock_());
    transaction.commit();
    return Change::Done;
}

AccountStore::Change AccountStore::remove_role(std::string_view name, std::string_view role) {
    std::lock_guard lock(write_mutex_);
    storage::Transaction transaction(db_);
    if (!exists(db_, name)) return Change::NotFound;
    auto revoke =
        db_.prepare_cached("DELETE FROM auth_user_roles WHERE user_name = ?1 AND role = ?2");
    revoke->bind(1, name).bind(2, role).run();
    if (db_.changes() == 0) return Change::Unchanged;
    touch(db_, name, clock_());
    transaction.commit();
    return Change::Done;
}

} // namespace chatd::auth
