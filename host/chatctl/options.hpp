#pragma once

#include "store/history_store.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chatd::chatctl {

enum class Command { Help, History, Rooms, User };

// What `chatctl user` does.
enum class UserAction { Add, Passwd, Del, List, RoleAdd, RoleRm };

struct UserRequest {
    UserAction action = UserAction::List;
    std::string name{};               // a valid user name; every action but List
    std::string role{};               // a valid role name; RoleAdd and RoleRm
    std::vector<std::string> roles{}; // Add: each --role once, in the order given
};

// Where the database is: --db names it, --config names chatd's config to
// read it from, neither means the default in the working directory.
struct DatabaseChoice {
    std::optional<std::string> db{};
    std::optional<std::string> config{};
};

struct Options {
    Command command = Command::Help;
    // With --help: the command whose usage to print (Help: the overview).
    bool help = false;
    DatabaseChoice database;
    bool json = false;
    history::Query query; // history: room, anchor, limit, from, search
    UserRequest user;
};

// A command line chatctl does not understand, said in one line.
struct UsageError {
    std::string message;
};

inline constexpr size_t kDefaultLimit = 50;
inline constexpr size_t kMaxLimit = 10000;

// args without the program name.
std::variant<Options, UsageError> parse(std::span<const std::string_view> args);

// The usage text for a command (Help: every command).
std::string usage(Command command);

} // namespace chatd::chatctl
