#include "chatctl/options.hpp"

#include "accounts/user_names.hpp"
#include "core/timestamp.hpp"

#include "command.hpp"
#include "room_names.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <vector>

namespace chatd::chatctl {

namespace {

using history::Anchor;

// Throws UsageError from deep inside the walk over the arguments; parse()
// turns it back into a value, so no caller sees an exception.
[[noreturn]] void refuse(std::string message) { throw UsageError{std::move(message)}; }

// The arguments, one at a time; `--name=value` reads as `--name value`.
class Arguments {
public:
    explicit Arguments(std::span<const std::string_view> args) {
        for (std::string_view arg : args) {
            const size_t equals = arg.find('=');
            if (arg.starts_with("--") && equals != std::string_view::npos) {
                split_.emplace_back(arg.substr(0, equals));
                split_.emplace_back(arg.substr(equals + 1));
            } else {
                split_.emplace_back(arg);
            }
        }
    }
    bool done() const { return next_ == split_.size(); }
    std::string_view take() { return split_[next_++]; }
    std::string_view value_of(std::string_view option, std::string_view what) {
        if (done()) refuse(std::string(option) + " needs " + std::string(what));
        return take();
    }

private:
    std::vector<std::string_view> split_;
    size_t next_ = 0;
};

// A seq: a whole number SQLite can hold.
uint64_t seq_of(std::string_view option, std::string_view text) {
    uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
        value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        refuse(std::string(option) + " needs a seq (a whole number from 0), not '" +
               std::string(text) + "'");
    return value;
}

size_t limit_of(std::string_view text) {
    size_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 1 ||
        value > kMaxLimit)
        refuse("--limit needs a whole number from 1 to " + std::to_string(kMaxLimit) + ", not '" +
               std::string(text) + "'");
    return value;
}

int64_t time_of(std::string_view option, std::string_view text) {
    const auto ms = parse_rfc3339_ms(text);
    if (!ms)
        refuse(std::string(option) + " needs an RFC 3339 time such as 2026-12-01T10:00:00Z, not '" +
               std::string(text) + "'");
    return *ms;
}

int64_t duration_of(std::string_view text) {
    int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 1 ||
        value > moderation::kMaxDurationSeconds)
        refuse("--duration needs a whole number of seconds from 1 to " +
               std::to_string(moderation::kMaxDurationSeconds) +
               " (leave it out for a permanent one), not '" + std::string(text) + "'");
    return value;
}

// What the command line said, before it is checked against the command.
struct Parsed {
    Options options;
    std::vector<std::string> positionals;
    std::optional<std::string> anchor_option;    // the first anchor given
    std::optional<std::string> history_option;   // the first option only history takes
    std::vector<std::string> history_options;    // all of them, for audit's --limit and --before
    std::vector<std::string> moderation_options; // --room, --duration, --reason, --by
    std::vector<std::string> roles;              // --role, for user add
};

// One option only moderation commands take; returns false when `option` is
// none. Values are checked here as the plugin checks a moderator's frame.
bool moderation_option(Parsed &parsed, std::string_view option, Arguments &args) {
    ModerationRequest &m = parsed.options.moderation;
    if (option == "--room") {
        m.room = std::string(args.value_of(option, "a room"));
        if (!plugins::is_valid_room_name(m.room))
            refuse("invalid room name '" + m.room + "': " + plugins::room_name_rule());
    } else if (option == "--duration") {
        m.duration_s = duration_of(args.value_of(option, "a number of seconds"));
    } else if (option == "--reason") {
        m.reason = std::string(args.value_of(option, "a reason"));
        if (!moderation::is_valid_reason(m.reason)) refuse("--" + moderation::reason_rule());
    } else if (option == "--by") {
        m.by = std::string(args.value_of(option, "a name"));
        if (!moderation::is_valid_target_user(m.by))
            refuse("--by must be a name of 1 to " + std::to_string(moderation::kMaxUserBytes) +
                   " printable bytes");
    } else {
        return false;
    }
    parsed.moderation_options.emplace_back(option);
    return true;
}

void set_anchor(Parsed &parsed, std::string_view option, Anchor anchor) {
    if (parsed.anchor_option)
        refuse("give at most one of --latest, --before, --after, --around, --between, --since, "
               "--until (" +
               *parsed.anchor_option + " and " + std::string(option) + ")");
    parsed.anchor_option = option;
    parsed.options.query.anchor = anchor;
}

// One history-only option; returns false when `option` is none.
bool history_option(Parsed &parsed, std::string_view option, Arguments &args) {
    history::Query &q = parsed.options.query;
    if (option == "--latest") {
        set_anchor(parsed, option, Anchor::Latest);
    } else if (option == "--before" || option == "--after" || option == "--around") {
        set_anchor(parsed, option,
                   option == "--before"  ? Anchor::Before
                   : option == "--after" ? Anchor::After
                                         : Anchor::Around);
        q.seq = seq_of(option, args.value_of(option, "a seq"));
    } else if (option == "--between") {
        set_anchor(parsed, option, Anchor::Between);
        q.seq = seq_of(option, args.value_of(option, "two seqs"));
        q.seq_last = seq_of(option, args.value_of(option, "two seqs"));
        if (q.seq > q.seq_last)
            refuse("--between needs the lower seq first (" + std::to_string(q.seq) + " > " +
                   std::to_string(q.seq_last) + ")");
    } else if (option == "--since" || option == "--until") {
        set_anchor(parsed, option, option == "--since" ? Anchor::AfterTime : Anchor::BeforeTime);
        q.ts_ms = time_of(option, args.value_of(option, "a time"));
    } else if (option == "--limit") {
        q.limit = limit_of(args.value_of(option, "a number"));
    } else if (option == "--from") {
        q.from = std::string(args.value_of(option, "a user name"));
    } else if (option == "--search") {
        q.search = std::string(args.value_of(option, "words to search for"));
    } else {
        return false;
    }
    if (!parsed.history_option) parsed.history_option = option;
    parsed.history_options.emplace_back(option);
    return true;
}

Parsed read(std::span<const std::string_view> list) {
    Parsed parsed;
    Options &o = parsed.options;
    o.query.limit = kDefaultLimit;
    Arguments args(list);
    bool options_end = false; // after "--", so that a room may be named "-x"
    while (!args.done()) {
        const std::string_view arg = args.take();
        if (options_end) {
            parsed.positionals.emplace_back(arg);
        } else if (arg == "--") {
            options_end = true;
        } else if (arg == "--help" || arg == "-h") {
            o.help = true;
        } else if (arg == "--json") {
            o.json = true;
        } else if (arg == "--db") {
            o.database.db = std::string(args.value_of(arg, "a database file"));
        } else if (arg == "--config") {
            o.database.config = std::string(args.value_of(arg, "a config file"));
        } else if (arg == "--role") {
            parsed.roles.emplace_back(args.value_of(arg, "a role"));
        } else if (!history_option(parsed, arg, args) && !moderation_option(parsed, arg, args)) {
            if (arg.starts_with("-") && arg != "-")
                refuse("unknown option '" + std::string(arg) + "'");
            parsed.positionals.emplace_back(arg);
        }
    }
    return parsed;
}

constexpr std::string_view kCommands =
    "give history, rooms, deletions, user, ban, unban, mute, unmute, bans or audit";
constexpr std::string_view kUserActions = "give add, passwd, del, list or role";

void check_user_name(const std::string &name) {
    if (!auth::is_valid_user_name(name))
        refuse("invalid user name '" + name + "': " + auth::user_name_rule());
}

void check_role_name(const std::string &role) {
    if (!auth::is_valid_role_name(role))
        refuse("invalid role name '" + role + "': " + auth::role_name_rule());
}

// `user ACTION ...`, words[0] being "user".
Options checked_user(Parsed parsed) {
    Options &o = parsed.options;
    UserRequest &u = o.user;
    std::span<const std::string> words = std::span(parsed.positionals).subspan(1);
    if (o.help) return o;
    if (parsed.history_option)
        refuse(*parsed.history_option + " is an option of history, not of user");
    if (words.empty()) refuse("user needs a subcommand: " + std::string(kUserActions));
    std::string command = "user " + words[0];
    size_t arguments = 1; // NAME
    if (words[0] == "add") {
        u.action = UserAction::Add;
    } else if (words[0] == "passwd") {
        u.action = UserAction::Passwd;
    } else if (words[0] == "del") {
        u.action = UserAction::Del;
    } else if (words[0] == "list") {
        u.action = UserAction::List;
        arguments = 0;
    } else if (words[0] == "role") {
        if (words.size() < 2 || (words[1] != "add" && words[1] != "rm"))
            refuse("user role needs add or rm");
        u.action = words[1] == "add" ? UserAction::RoleAdd : UserAction::RoleRm;
        command += " " + words[1];
        words = words.subspan(1);
        arguments = 2; // NAME ROLE
    } else {
        refuse("unknown subcommand 'user " + words[0] + "': " + std::string(kUserActions));
    }
    words = words.subspan(1);
    if (words.size() < arguments)
        refuse(command + " needs " + (words.empty() ? "a user name" : "a role"));
    if (words.size() > arguments) refuse("unexpected argument '" + words[arguments] + "'");
    if (arguments >= 1) check_user_name(u.name = words[0]);
    if (arguments == 2) check_role_name(u.role = words[1]);
    if (o.json && u.action != UserAction::List)
        refuse("--json is an option of user list, not of " + command);
    if (!parsed.roles.empty() && u.action != UserAction::Add)
        refuse("--role is an option of user add, not of " + command);
    for (const std::string &role : parsed.roles) {
        check_role_name(role);
        if (std::find(u.roles.begin(), u.roles.end(), role) == u.roles.end())
            u.roles.push_back(role);
    }
    return o;
}

void refuse_user_options(const Parsed &parsed) {
    if (!parsed.roles.empty())
        refuse("--role is an option of user add, not of " + parsed.positionals[0]);
}

void refuse_moderation_options(const Parsed &parsed, const std::string &command) {
    if (!parsed.moderation_options.empty())
        refuse(parsed.moderation_options.front() + " is not an option of " + command);
}

struct ModerationCommand {
    std::string_view name;
    Command command;
    bool takes_user;
    std::vector<std::string_view> options; // of --room, --duration, --reason, --by, --limit, ...
    bool json;
};

const std::vector<ModerationCommand> &moderation_commands() {
    static const std::vector<ModerationCommand> commands = {
        {"ban", Command::Ban, true, {"--room", "--duration", "--reason", "--by"}, false},
        {"mute", Command::Mute, true, {"--room", "--duration", "--reason", "--by"}, false},
        {"unban", Command::Unban, true, {"--room", "--by"}, false},
        {"unmute", Command::Unmute, true, {"--room", "--by"}, false},
        {"bans", Command::Bans, false, {"--room"}, true},
        {"audit", Command::Audit, false, {"--limit", "--before"}, true},
    };
    return commands;
}

// `ban USER ...` and the rest, words[0] being the command.
Options checked_moderation(Parsed parsed, const ModerationCommand &command) {
    Options &o = parsed.options;
    ModerationRequest &m = o.moderation;
    o.command = command.command;
    if (o.help) return o;
    const std::string name(command.name);
    refuse_user_options(parsed);
    const auto allowed = [&](const std::string &option) {
        return std::find(command.options.begin(), command.options.end(), option) !=
               command.options.end();
    };
    for (const std::string &option : parsed.history_options)
        if (!allowed(option)) refuse(option + " is an option of history, not of " + name);
    for (const std::string &option : parsed.moderation_options)
        if (!allowed(option)) refuse(option + " is not an option of " + name);
    if (o.json && !command.json) refuse("--json is an option of bans and audit, not of " + name);
    const auto &words = parsed.positionals;
    const size_t arguments = command.takes_user ? 1 : 0;
    if (words.size() < 1 + arguments) refuse(name + " needs a user name");
    if (words.size() > 1 + arguments) refuse("unexpected argument '" + words[1 + arguments] + "'");
    if (command.takes_user) {
        m.user = words[1];
        if (!moderation::is_valid_target_user(m.user))
            refuse("invalid user name '" + m.user + "': " + moderation::target_user_rule());
    }
    if (command.command == Command::Audit) {
        m.limit = o.query.limit;
        if (o.query.anchor == Anchor::Before) {
            if (o.query.seq == 0) refuse("--before needs an audit id (a whole number from 1)");
            m.before = static_cast<int64_t>(o.query.seq);
        }
    }
    return o;
}

Options checked(Parsed parsed) {
    Options &o = parsed.options;
    if (o.database.db && o.database.config)
        refuse("give --db or --config, not both: --db names the file itself");
    if (o.database.db && o.database.db->empty()) refuse("--db needs a database file");
    if (o.database.config && o.database.config->empty()) refuse("--config needs a config file");
    auto &words = parsed.positionals;
    if (words.empty()) {
        if (o.help) return o;
        refuse("no command: " + std::string(kCommands));
    }
    for (const ModerationCommand &command : moderation_commands())
        if (words[0] == command.name) return checked_moderation(std::move(parsed), command);
    if (!o.help) refuse_moderation_options(parsed, words[0]);
    if (words[0] == "user") {
        o.command = Command::User;
        return checked_user(std::move(parsed));
    }
    if (words[0] == "history") {
        o.command = Command::History;
        if (o.help) return o;
        refuse_user_options(parsed);
        if (words.size() < 2) refuse("history needs a room");
        if (words.size() > 2) refuse("unexpected argument '" + words[2] + "'");
        if (words[1].empty()) refuse("history needs a room, not an empty name");
        o.query.room = words[1];
        return o;
    }
    if (words[0] == "rooms") {
        o.command = Command::Rooms;
        if (o.help) return o;
        refuse_user_options(parsed);
        if (parsed.history_option)
            refuse(*parsed.history_option + " is an option of history, not of rooms");
        if (words.size() > 1) refuse("unexpected argument '" + words[1] + "'");
        return o;
    }
    if (words[0] == "deletions") {
        o.command = Command::Deletions;
        if (o.help) return o;
        refuse_user_options(parsed);
        for (const std::string &option : parsed.history_options)
            if (option != "--limit") refuse(option + " is an option of history, not of deletions");
        if (words.size() > 1) refuse("unexpected argument '" + words[1] + "'");
        return o;
    }
    refuse("unknown command '" + words[0] + "': " + std::string(kCommands));
}

} // namespace

std::variant<Options, UsageError> parse(std::span<const std::string_view> args) {
    try {
        return checked(read(args));
    } catch (UsageError &error) {
        return std::move(error);
    }
}

namespace {

std::string moderation_usage() {
    return "usage: chatctl ban USER [--room ROOM] [--duration SECONDS] [--reason TEXT]\n"
           "                   [--by NAME]\n"
           "       chatctl mute USER (the options of ban)\n"
           "       chatctl unban USER [--room ROOM] [--by NAME]\n"
           "       chatctl unmute USER [--room ROOM] [--by NAME]\n"
           "       chatctl bans [--room ROOM] [--json]\n"
           "       chatctl audit [--limit N] [--before ID] [--json]\n"
           "       each with [--db FILE | --config FILE]\n"
           "\n"
           "Bans and mutes users in the moderation plugin's database and reads its audit\n"
           "log; safe while chatd runs, which enforces a change within its\n"
           "reload_interval_ms (a server-wide ban closes the user's connections). Each\n"
           "change is one transaction with its audit entry. A write creates the database\n"
           "if it is missing.\n"
           "\n"
           "  --room ROOM       the room; left out, the whole server (bans: every room)\n"
           "  --duration SECONDS  lifts itself after SECONDS (1 to 10 years); left out,\n"
           "                    permanent\n"
           "  --reason TEXT     at most 500 printable bytes, shown to the room\n"
           "  --by NAME         who the audit log says acted (default: chatctl)\n"
           "  --limit N         audit: at most N entries, newest first (1 to 10000,\n"
           "                    default 50)\n"
           "  --before ID       audit: entries older than ID\n"
           "  --json            bans, audit: one JSON object per line\n"
           "  --db FILE         the moderation database (default: chatd-moderation.db in\n"
           "                    the working directory)\n"
           "  --config FILE     take it from chatd's config's [plugins.moderation] database\n"
           "                    (relative to the config's directory)\n"
           "\n"
           "unmute lifts a mute and a shadow mute alike. bans lists what holds now: a\n"
           "room's and the server-wide ones with --room.\n"
           "\n"
           "Exit status: 0 done, 1 nothing to lift (the user is not banned or muted\n"
           "there) or the database failed, 2 a usage error.\n";
}

} // namespace

std::string usage(Command command) {
    static constexpr std::string_view database =
        "  --db FILE         the history database (default: chatd-history.db in the\n"
        "                    working directory)\n"
        "  --config FILE     take the database from chatd's config: [plugins.history]\n"
        "                    database, relative to the config's directory\n";
    switch (command) {
    case Command::History:
        return "usage: chatctl history [--] ROOM [ANCHOR] [--limit N] [--from USER]\n"
               "                       [--search WORDS] [--json] [--db FILE | --config FILE]\n"
               "\n"
               "Prints a page of ROOM's stored messages, oldest first.\n"
               "\n"
               "ANCHOR, at most one (default --latest):\n"
               "  --latest          the newest messages\n"
               "  --before SEQ      messages before SEQ\n"
               "  --after SEQ       messages after SEQ\n"
               "  --around SEQ      messages around SEQ, SEQ included\n"
               "  --between S1 S2   messages S1 to S2, both included\n"
               "  --since TIME      messages after TIME (RFC 3339: 2026-12-01T10:00:00Z,\n"
               "                    2026-12-01T11:00:00.250+01:00)\n"
               "  --until TIME      messages before TIME\n"
               "\n"
               "  --limit N         at most N messages (1 to 10000, default 50)\n"
               "  --from USER       only USER's messages\n"
               "  --search WORDS    only messages holding all of WORDS\n"
               "  --json            one JSON object per line, as chatd's message event\n" +
               std::string(database);
    case Command::Rooms:
        return "usage: chatctl rooms [--json] [--db FILE | --config FILE]\n"
               "\n"
               "Lists every room with stored messages: its count, last seq, last time and epoch.\n"
               "\n"
               "  --json            one JSON object per line\n" +
               std::string(database);
    case Command::Deletions:
        return "usage: chatctl deletions [--limit N] [--json] [--db FILE | --config FILE]\n"
               "\n"
               "Lists the messages moderators deleted, newest first: when, by whom, whose,\n"
               "where and why. The history plugin keeps each as a tombstone; this is the part\n"
               "of the audit log that chatctl audit (the moderation plugin's) does not hold.\n"
               "\n"
               "  --limit N         at most N deletions (1 to 10000, default 50)\n"
               "  --json            one JSON object per line, as admins' deletions answer\n" +
               std::string(database);
    case Command::User:
        return "usage: chatctl user add NAME [--role ROLE]...\n"
               "       chatctl user passwd NAME\n"
               "       chatctl user del NAME\n"
               "       chatctl user list [--json]\n"
               "       chatctl user role add NAME ROLE\n"
               "       chatctl user role rm NAME ROLE\n"
               "       each with [--db FILE | --config FILE]\n"
               "\n"
               "Manages the auth plugin's accounts; safe while chatd runs. A write creates the\n"
               "database if it is missing.\n"
               "\n"
               "NAME: 1 to 32 characters of A-Z, a-z, 0-9, '_', '-' and '.', not beginning\n"
               "with 'guest-'; alice and Alice are one account. ROLE: a-z, 0-9, '_', '-'.\n"
               "\n"
               "add and passwd read the password from stdin up to the first newline, or, on a\n"
               "terminal, prompt for it twice without echo; never from the command line.\n"
               "\n"
               "  --role ROLE       give the new account ROLE (repeatable): admin, moderator,\n"
               "                    user, guest, or one in the config's [plugins.auth] roles\n"
               "  --json            list: one JSON object per line\n"
               "  --db FILE         the accounts database (default: chatd-auth.db in the\n"
               "                    working directory)\n"
               "  --config FILE     take from chatd's config's [plugins.auth]: database\n"
               "                    (relative to the config's directory), roles, argon2_ops\n"
               "                    and argon2_mem_kib\n"
               "\n"
               "Exit status: 0 done (also for a role the account already has, or lacks, with\n"
               "a note), 1 the account exists or does not, or the database failed, 2 a usage\n"
               "error (a bad name, an unknown role, a refused password).\n";
    case Command::Ban:
    case Command::Unban:
    case Command::Mute:
    case Command::Unmute:
    case Command::Bans:
    case Command::Audit: return moderation_usage();
    case Command::Help: break;
    }
    return "usage: chatctl COMMAND [OPTIONS]\n"
           "\n"
           "Reads chatd's history database, read-only, manages the auth plugin's\n"
           "accounts and the moderation plugin's bans and mutes: all safe while chatd runs.\n"
           "\n"
           "  history ROOM      print a page of ROOM's messages (chatctl history --help)\n"
           "  rooms             list the rooms with stored messages (chatctl rooms --help)\n"
           "  deletions         list the messages moderators deleted (chatctl deletions --help)\n"
           "  user ...          add, change, remove and list accounts (chatctl user --help)\n"
           "  ban USER          ban USER from a room or the server (chatctl ban --help)\n"
           "  unban USER        lift a ban\n"
           "  mute USER         mute USER in a room or everywhere\n"
           "  unmute USER       lift a mute or shadow mute\n"
           "  bans              list the bans and mutes that hold\n"
           "  audit             print the moderation audit log, newest first\n"
           "\n"
           "  --db FILE         the command's database (chatd-history.db, chatd-auth.db or\n"
           "                    chatd-moderation.db in the working directory by default)\n"
           "  --config FILE     take the database from chatd's config: [plugins.history],\n"
           "                    [plugins.auth] or [plugins.moderation] database, relative\n"
           "                    to the config's directory\n"
           "  --help            this text, or a command's with the command\n"
           "\n"
           "Exit status: 0 done (an empty result too), 1 the database could not be read\n"
           "or written, 2 a usage error.\n";
}

} // namespace chatd::chatctl
