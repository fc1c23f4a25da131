#include "chatctl/commands.hpp"
#include "chatctl/database.hpp"
#include "chatctl/moderation_output.hpp"
#include "chatctl/output.hpp"
#include "chatctl/plugin_config.hpp"
#include "core/timestamp.hpp"

#include "moderation_options.hpp"
#include "sanction_store.hpp"

#include <chatd/storage/database.hpp>
#include <chatd/storage/directory.hpp>
#include <chatd/storage/migrations.hpp>
#include <chatd/storage/transaction.hpp>

#include <array>
#include <cstdio>
#include <variant>

namespace chatd::chatctl {

namespace {

using moderation::AuditEntry;
using moderation::Kind;
using moderation::Sanction;

std::string action_of(Command command) {
    switch (command) {
    case Command::Ban: return "ban";
    case Command::Unban: return "unban";
    case Command::Mute: return "mute";
    default: return "unmute";
    }
}

// "bob is not banned from room lobby", "bob is not muted server-wide".
std::string nothing_to_lift(const Options &options) {
    const ModerationRequest &m = options.moderation;
    const bool ban = options.command == Command::Unban;
    std::string where =
        m.room.empty() ? "server-wide" : (ban ? "from room " : "in room ") + one_line(m.room);
    return one_line(m.user) + (ban ? " is not banned " : " is not muted ") + where;
}

// ban, unban, mute, unmute: one transaction each, the change with its audit
// entry, written by the functions the plugin's own writer uses.
int change(const Options &options, const std::filesystem::path &path) {
    const ModerationRequest &m = options.moderation;
    storage::create_directory_of(path);
    storage::Database db(path);
    moderation::migrate_moderation(db);
    const int64_t now = unix_ms_now();
    const AuditEntry audit{.at_ms = now,
                           .by = m.by,
                           .action = action_of(options.command),
                           .user = m.user,
                           .room = m.room,
                           .reason = m.reason,
                           .duration_s = m.duration_s};
    storage::Transaction transaction(db);
    if (options.command == Command::Ban || options.command == Command::Mute) {
        moderation::write_sanction(
            db,
            {.kind = options.command == Command::Ban ? Kind::Ban : Kind::Mute,
             .room = m.room,
             .user = m.user,
             .by = m.by,
             .reason = m.reason,
             .created_ms = now,
             .expires_ms = m.duration_s == 0 ? 0 : now + m.duration_s * 1000},
            audit);
    } else {
        static constexpr std::array kBan = {Kind::Ban};
        static constexpr std::array kMutes = {Kind::Mute, Kind::ShadowMute};
        const std::span<const Kind> kinds =
            options.command == Command::Unban ? std::span<const Kind>(kBan) : kMutes;
        // Nothing lifted: the transaction goes out of scope uncommitted, so
        // the audit log does not claim a lift that never happened.
        if (!moderation::remove_sanctions(db, kinds, m.room, m.user, audit))
            return fail(nothing_to_lift(options), kRuntimeError);
    }
    transaction.commit();
    return 0;
}

// Read-only, so that listing never adds tables to a file that is not a
// moderation database (the history's, named by mistake). nullopt: the
// failure is printed and `code` set.
std::optional<storage::Database> open_to_read(const std::filesystem::path &path, int &code) {
    if (auto why = unusable_database(path)) {
        code = fail(*why, kRuntimeError);
        return std::nullopt;
    }
    storage::Database db(path, {.access = storage::Access::ReadOnly});
    if (storage::schema_version(db, "moderation") == 0) {
        code = fail(path.string() + ": not a chatd moderation database (it has no moderation "
                                    "tables)",
                    kRuntimeError);
        return std::nullopt;
    }
    return db;
}

// What holds now: one that expired while chatd was down is still a row
// until chatd lifts it, but keeps nobody out.
bool holds(const Sanction &sanction, const ModerationRequest &m, int64_t now) {
    if (sanction.expires_ms != 0 && sanction.expires_ms <= now) return false;
    return m.room.empty() || sanction.room.empty() || sanction.room == m.room;
}

int list_sanctions(const Options &options, const std::filesystem::path &path) {
    int code = 0;
    auto db = open_to_read(path, code);
    if (!db) return code;
    const int64_t now = unix_ms_now();
    std::vector<std::vector<std::string>> rows = {
        {"KIND", "ROOM", "USER", "BY", "REASON", "EXPIRES"}};
    for (const Sanction &sanction : moderation::read_sanctions(*db)) {
        if (!holds(sanction, options.moderation, now)) continue;
        if (options.json)
            std::printf("%s\n", sanction_json(sanction).c_str());
        else
            rows.push_back(sanction_row(sanction));
    }
    if (options.json) return 0;
    if (rows.size() == 1) {
        std::fprintf(stderr, "no bans or mutes\n");
        return 0;
    }
    static constexpr std::array kAlign = {Align::Left, Align::Left, Align::Left,
                                          Align::Left, Align::Left, Align::Left};
    std::fputs(table(rows, kAlign).c_str(), stdout);
    return 0;
}

int list_audit(const Options &options, const std::filesystem::path &path) {
    int code = 0;
    auto db = open_to_read(path, code);
    if (!db) return code;
    const ModerationRequest &m = options.moderation;
    // One more than asked for, to know whether there is more.
    std::vector<AuditEntry> entries = moderation::read_audit(*db, m.before, m.limit + 1);
    const bool more = entries.size() > m.limit;
    if (more) entries.pop_back();
    if (options.json) {
        for (const AuditEntry &entry : entries)
            std::printf("%s\n", audit_json(entry).c_str());
    } else if (entries.empty()) {
        std::fprintf(stderr, "no audit entries\n");
    } else {
        static constexpr std::array kAlign = {Align::Right, Align::Left, Align::Left, Align::Left,
                                              Align::Left,  Align::Left, Align::Left, Align::Right};
        std::vector<std::vector<std::string>> rows = {
            {"ID", "TIME", "BY", "ACTION", "USER", "ROOM", "REASON", "DURATION"}};
        for (const AuditEntry &entry : entries)
            rows.push_back(audit_row(entry));
        std::fputs(table(rows, kAlign).c_str(), stdout);
    }
    // On stderr in both modes, so --json output stays one entry per line.
    if (more)
        std::fprintf(stderr, "(more: use --before %lld)\n",
                     static_cast<long long>(entries.back().id));
    return 0;
}

} // namespace

int moderation_command(const Options &options) {
    static const std::vector<config::OptionSpec> specs = config::option_specs(moderation::kOptions);
    auto read = plugin_config(options.database, kModerationDatabase, specs);
    if (auto *error = std::get_if<std::string>(&read)) return fail(*error, kRuntimeError);
    const std::filesystem::path &path = std::get<PluginConfig>(read).database;
    try {
        switch (options.command) {
        case Command::Bans: return list_sanctions(options, path);
        case Command::Audit: return list_audit(options, path);
        default: return change(options, path);
        }
    } catch (const std::exception &error) {
        return fail(error.what(), kRuntimeError);
    }
}

} // namespace chatd::chatctl
