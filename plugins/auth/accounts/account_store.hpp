// The auth plugin's accounts in SQLite: a name, a password hash and roles.
// chatctl writes them (a short-lived process of its own) while chatd reads
// the same file, so writes go through a plain connection that waits out the
// other's lock, and reads through read-only connections that never wait for
// a writer (WAL).
#pragma once

#include <chatd/storage/database.hpp>
#include <chatd/storage/reader_pool.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::auth {

struct Account {
    std::string name{}; // as spelled when added
    std::string password_hash{};
    std::vector<std::string> roles{}; // sorted
    int64_t created_ms = 0;           // Unix time
};

struct AccountStoreOptions {
    std::filesystem::path path{};
    // How long a write waits for a lock another process holds on the file
    // before it fails with a busy storage::Error.
    std::chrono::milliseconds busy_timeout{5000};
    // Unix time in milliseconds, stored with each account; tests set their own.
    std::function<int64_t()> clock = {};
};

// Names are compared without regard to case (ASCII, as valid names are):
// "Alice" finds, and cannot be added beside, "alice".
class AccountStore {
public:
    // Creates the file's directory and the file if missing and migrates the
    // owner "auth"; throws std::runtime_error naming the file when it cannot.
    explicit AccountStore(const AccountStoreOptions &options);

    // Each from any thread. Reads and writes throw storage::Error (naming the
    // file) when the database fails.
    std::optional<Account> find(std::string_view name) const;
    // Every account by name, without password hashes.
    std::vector<Account> list() const;

    enum class Change {
        Done,
        Exists,    // add: the name is taken
        NotFound,  // no account of that name
        Unchanged, // add_role: it has the role already; remove_role: it has not
    };
    // Each one transaction. add's name must be a valid user name, and the
    // roles of add and add_role valid role names (user_names.hpp), or
    // std::invalid_argument is thrown: the store never holds a name that
    // could pass for a guest.
    Change add(std::string_view name, std::string_view password_hash,
               const std::vector<std::string> &roles);
    Change set_password(std::string_view name, std::string_view password_hash);
    Change remove(std::string_view name);
    Change add_role(std::string_view name, std::string_view role);
    Change remove_role(std::string_view name, std::string_view role);

private:
    const std::function<int64_t()> clock_;
    std::mutex write_mutex_; // db_ is one connection: one thread at a time
    storage::Database db_;
    mutable storage::ReaderPool readers_;
};

} // namespace chatd::auth
