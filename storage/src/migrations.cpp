#include "chatd/storage/migrations.hpp"

#include "chatd/storage/database.hpp"
#include "chatd/storage/transaction.hpp"

#include <sqlite3.h>
#include <string>

namespace chatd::storage {

namespace {

int recorded_version(Database &db, std::string_view owner) {
    auto select = db.prepare_cached("SELECT version FROM chatd_schema WHERE owner = ?1");
    select->bind(1, owner);
    return select->step() == Step::Row ? static_cast<int>(select->column_int64(0)) : 0;
}

bool has_schema_table(Database &db) {
    auto select = db.prepare_cached(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'chatd_schema'");
    return select->step() == Step::Row;
}

} // namespace

int schema_version(Database &db, std::string_view owner) {
    return has_schema_table(db) ? recorded_version(db, owner) : 0;
}

int migrate(Database &db, std::string_view owner, std::span<const std::string_view> steps) {
    const int known = static_cast<int>(steps.size());
    const std::string who(owner);
    db.exec("CREATE TABLE IF NOT EXISTS chatd_schema"
            " (owner TEXT PRIMARY KEY, version INTEGER NOT NULL)");
    for (;;) {
        // The version is read under the write lock, so two processes
        // migrating the same file at once apply each step once.
        Transaction transaction(db);
        const int version = recorded_version(db, owner);
        if (version > known)
            throw Error(SQLITE_ERROR,
                        "the schema of '" + who + "' is at version " + std::to_string(version) +
                            ", newer than the " + std::to_string(known) +
                            " this chatd knows: a newer chatd wrote this database",
                        db.path());
        if (version == known) return known;
        try {
            db.exec(steps[static_cast<size_t>(version)]);
            auto record =
                db.prepare_cached("INSERT INTO chatd_schema (owner, version) VALUES (?1, ?2)"
                                  " ON CONFLICT (owner) DO UPDATE SET version = excluded.version");
            record->bind(1, owner).bind(2, version + 1);
            record->run();
            transaction.commit();
        } catch (const Error &error) {
            throw error.context("migrating '" + who + "' to version " +
                                std::to_string(version + 1));
        }
    }
}

} // namespace chatd::storage
