#include "sanction_store.hpp"

#include <chatd/storage/directory.hpp>
#include <chatd/storage/migrations.hpp>

#include <array>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace chatd::moderation {

namespace {

// A step once released never changes; later ones are appended. NOCASE makes
// "Bob" and "bob" one user (user names are ASCII, which is all NOCASE
// folds); room names are exact, as the rooms plugin has them; "" is the
// whole server.
constexpr std::array<std::string_view, 1> kSteps = {
    R"sql(
CREATE TABLE moderation_sanctions(
    kind TEXT NOT NULL,
    room TEXT NOT NULL,
    user_name TEXT NOT NULL COLLATE NOCASE,
    by_user TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    PRIMARY KEY(kind, room, user_name)
) WITHOUT ROWID;
CREATE TABLE moderation_audit(
    id INTEGER PRIMARY KEY,
    at_ms INTEGER NOT NULL,
    by_user TEXT NOT NULL,
    action TEXT NOT NULL,
    user_name TEXT NOT NULL,
    room TEXT NOT NULL,
    reason TEXT NOT NULL,
    duration_s INTEGER NOT NULL
);
)sql",
};

storage::Database open_for_writing(const SanctionStoreOptions &options) {
    storage::create_directory_of(options.path);
    try {
        storage::Database db(options.path, {.busy_timeout = options.busy_timeout});
        migrate_moderation(db);
        return db;
    } catch (const storage::Error &e) {
        // e names the file.
        throw std::runtime_error(std::string("cannot open the moderation database: ") + e.what());
    }
}

std::vector<Sanction> read_at_open(storage::Database &db) {
    try {
        return read_sanctions(db);
    } catch (const storage::Error &e) {
        throw std::runtime_error(std::string("cannot read the sanctions: ") + e.what());
    }
}

int64_t data_version(storage::Database &db) {
    auto version = db.prepare_cached("PRAGMA data_version");
    version->step();
    return version->column_int64(0);
}

} // namespace

void migrate_moderation(storage::Database &db) { storage::migrate(db, "moderation", kSteps); }

void write_audit(storage::Database &db, const AuditEntry &entry) {
    auto insert = db.prepare_cached(
        "INSERT INTO moderation_audit(at_ms, by_user, action, user_name, room, reason, "
        "duration_s) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insert->bind(1, entry.at_ms)
        .bind(2, entry.by)
        .bind(3, entry.action)
        .bind(4, entry.user)
        .bind(5, entry.room)
        .bind(6, entry.reason)
        .bind(7, entry.duration_s)
        .run();
}

void write_sanction(storage::Database &db, const Sanction &sanction, const AuditEntry &audit) {
    auto upsert = db.prepare_cached(
        "INSERT INTO moderation_sanctions(kind, room, user_name, by_user, reason, "
        "created_ms, expires_ms) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT(kind, room, user_name) DO UPDATE SET by_user = excluded.by_user, "
        "reason = excluded.reason, created_ms = excluded.created_ms, "
        "expires_ms = excluded.expires_ms");
    upsert->bind(1, kind_name(sanction.kind))
        .bind(2, sanction.room)
        .bind(3, sanction.user)
        .bind(4, sanction.by)
        .bind(5, sanction.reason)
        .bind(6, sanction.created_ms)
        .bind(7, sanction.expires_ms)
        .run();
    write_audit(db, audit);
}

bool remove_sanctions(storage::Database &db, std::span<const Kind> kinds, std::string_view room,
                      std::string_view user, const AuditEntry &audit) {
    auto remove = db.prepare_cached("DELETE FROM moderation_sanctions WHERE kind = ?1 AND "
                                    "room = ?2 AND user_name = ?3");
    bool removed = false;
    for (const Kind kind : kinds) {
        remove->bind(1, kind_name(kind)).bind(2, room).bind(3, user).run();
        removed = removed || db.changes() > 0;
        remove->reset();
    }
    write_audit(db, audit);
    return removed;
}

std::vector<Sanction> read_sanctions(storage::Database &db) {
    auto rows = db.prepare("SELECT kind, room, user_name, by_user, reason, created_ms, expires_ms "
                           "FROM moderation_sanctions ORDER BY room, user_name, kind");
    std::vector<Sanction> sanctions;
    while (rows.step() == storage::Step::Row) {
        // A kind this version does not know (a newer chatctl's) is left alone.
        const std::optional<Kind> kind = parse_kind(rows.column_text(0));
        if (!kind) continue;
        sanctions.push_back({.kind = *kind,
                             .room = std::string(rows.column_text(1)),
                             .user = std::string(rows.column_text(2)),
                             .by = std::string(rows.column_text(3)),
                             .reason = std::string(rows.column_text(4)),
                             .created_ms = rows.column_int64(5),
                             .expires_ms = rows.column_int64(6)});
    }
    return sanctions;
}

std::vector<AuditEntry> read_audit(storage::Database &db, int64_t before, size_t limit) {
    auto rows = db.prepare("SELECT id, at_ms, by_user, action, user_name, room, reason, duration_s "
                           "FROM moderation_audit WHERE ?1 = 0 OR id < ?1 ORDER BY id DESC "
                           "LIMIT ?2");
    rows.bind(1, before).bind(2, static_cast<int64_t>(limit));
    std::vector<AuditEntry> entries;
    while (rows.step() == storage::Step::Row)
        entries.push_back({.id = rows.column_int64(0),
                           .at_ms = rows.column_int64(1),
                           .by = std::string(rows.column_text(2)),
                           .action = std::string(rows.column_text(3)),
                           .user = std::string(rows.column_text(4)),
                           .room = std::string(rows.column_text(5)),
                           .reason = std::string(rows.column_text(6)),
                           .duration_s = rows.column_int64(7)});
    return entries;
}

SanctionStore::SanctionStore(const SanctionStoreOptions &options)
    : SanctionStore(open_for_writing(options)) {}

SanctionStore::SanctionStore(storage::Database db)
    : at_open_(read_at_open(db)), data_version_(data_version(db)), writer_(std::move(db)) {}

storage::Submitted SanctionStore::set(Sanction sanction, AuditEntry audit, Done done) {
    return writer_.submit([sanction = std::move(sanction), audit = std::move(audit)](
                              storage::Database &db) { write_sanction(db, sanction, audit); },
                          std::move(done));
}

storage::Submitted SanctionStore::lift(std::vector<Kind> kinds, std::string room, std::string user,
                                       AuditEntry audit, Done done) {
    return writer_.submit(
        [kinds = std::move(kinds), room = std::move(room), user = std::move(user),
         audit = std::move(audit)](storage::Database &db) {
            // The plugin found it in memory and announces the lift whatever
            // the file holds (chatctl may have removed the row first), so
            // the audit log records it either way.
            remove_sanctions(db, kinds, room, user, audit);
        },
        std::move(done));
}

storage::Submitted SanctionStore::record(AuditEntry audit, Done done) {
    return writer_.submit(
        [audit = std::move(audit)](storage::Database &db) { write_audit(db, audit); },
        std::move(done), storage::Undo::Statements);
}

storage::Submitted SanctionStore::audit(int64_t before, size_t limit, AuditDone done) {
    auto found = std::make_shared<std::vector<AuditEntry>>();
    return writer_.submit(
        [found, before, limit](storage::Database &db) { *found = read_audit(db, before, limit); },
        [found, done = std::move(done)](const std::optional<storage::Error> &error) {
            done(error ? std::vector<AuditEntry>{} : std::move(*found), error);
        },
        storage::Undo::Statements);
}

storage::Submitted SanctionStore::reload_if_changed(ReloadDone done) {
    auto found = std::make_shared<std::optional<std::vector<Sanction>>>();
    return writer_.submit(
        [this, found](storage::Database &db) {
            // data_version moves only for other connections' commits, so
            // this store's own writes are not read back.
            const int64_t version = data_version(db);
            if (version == data_version_) return;
            *found = read_sanctions(db);
            data_version_ = version;
        },
        [found, done = std::move(done)](const std::optional<storage::Error> &error) {
            done(error ? std::nullopt : std::move(*found), error);
        },
        storage::Undo::Statements);
}

} // namespace chatd::moderation
