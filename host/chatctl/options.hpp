#pragma once

#include "store/history_store.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chatd::chatctl {

enum class Command { Help, History, Rooms, Deletions, User, Ban, Unban, Mute, Unmute, Bans, Audit };

// What `chatctl user` does.
enum class UserAction { Add, Passwd, Del, List, RoleAdd, RoleRm };

struct UserRequest {
    UserAction action = UserAction::List;
    std::string name{};               // a valid user name; every action but List
    std::string role{};               // a valid role name; RoleAdd and RoleRm
    std::vector<std::string> roles{}; // Add: each --role once, in the order given
};

inline constexpr size_t kDefaultLimit = 50;
inline constexpr size_t kMaxLimit = 10000;

// What the moderation commands (ban, unban, mute, unmute, bans, audit) do.
struct ModerationRequest {
    std::string user{};           // ban, unban, mute, unmute: as the plugin checks it
    std::string room{};           // --room, a valid room name; empty: server-wide (bans: all)
    int64_t duration_s = 0;       // ban, mute: --duration; 0 is permanent
    std::string reason{};         // ban, mute: --reason; empty: none given
    std::string by{"chatctl"};    // --by: who the audit log says acted
    size_t limit = kDefaultLimit; // audit: --limit
    int64_t before = 0;           // audit: --before, an audit id; 0: from the newest
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
    ModerationRequest moderation;
};

// A command line chatctl does not understand, said in one line.
struct UsageError {
    std::string message;
};

// args without the program name.
std::variant<Options, UsageError> parse(std::span<const std::string_view> args);

// The usage text for a command (Help: every command).
std::string usage(Command command);

} // namespace chatd::chatctl
