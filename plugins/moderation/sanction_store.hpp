// Bans, mutes and the audit log in the moderation database, so that they
// survive a restart and chatctl can read and change them. Read whole when the
// store opens; every change is written by one writer thread, in the same
// transaction as its audit entry, and reported only once committed, so a
// moderator's "done" is durable and the pipeline thread never waits on the
// disk. Changes another process (chatctl) commits are found by polling.
#pragma once

#include "audit_entry.hpp"
#include "sanctions.hpp"

#include <chatd/storage/error.hpp>
#include <chatd/storage/writer.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::moderation {

struct SanctionStoreOptions {
    std::filesystem::path path{};
    // How long a write waits for a lock another process (chatctl) holds.
    std::chrono::milliseconds busy_timeout{5000};
};

class SanctionStore {
public:
    // Creates the file's directory and the file if missing, migrates the
    // owner "moderation" and reads every sanction; throws
    // std::runtime_error naming the file when it cannot.
    explicit SanctionStore(const SanctionStoreOptions &options);

    const std::vector<Sanction> &at_open() const { return at_open_; }

    // Called on the writer thread once the change is committed (no error)
    // or has failed; must be quick and must not throw.
    using Done = storage::Writer::Completion;
    // From any thread; `done` is called exactly when Queued. Each stores the
    // audit entry with the change, in one transaction.
    [[nodiscard]] storage::Submitted set(Sanction sanction, AuditEntry audit, Done done);
    // Lifts each of `kinds` the user has in room (unmute lifts a mute and a
    // shadow mute alike).
    [[nodiscard]] storage::Submitted lift(std::vector<Kind> kinds, std::string room,
                                          std::string user, AuditEntry audit, Done done);
    [[nodiscard]] storage::Submitted record(AuditEntry audit, Done done);

    // The newest audit entries with an id below `before` (0: from the
    // newest), at most `limit`; `done` gets them, or the error, on the
    // writer thread.
    using AuditDone =
        std::function<void(std::vector<AuditEntry>, const std::optional<storage::Error> &)>;
    [[nodiscard]] storage::Submitted audit(int64_t before, size_t limit, AuditDone done);

    // Whether another process has committed to the file since the last
    // look, and if so every sanction as it now stands (nullopt: unchanged).
    using ReloadDone = std::function<void(std::optional<std::vector<Sanction>>,
                                          const std::optional<storage::Error> &)>;
    [[nodiscard]] storage::Submitted reload_if_changed(ReloadDone done);

private:
    explicit SanctionStore(storage::Database db);

    const std::vector<Sanction> at_open_;
    int64_t data_version_ = 0; // writer thread only, after construction
    storage::Writer writer_;   // last: its thread writes until the store is gone
};

// Every sanction in db, by room, user and kind; throws storage::Error.
std::vector<Sanction> read_sanctions(storage::Database &db);
// The audit entries read_audit would give; throws storage::Error.
std::vector<AuditEntry> read_audit(storage::Database &db, int64_t before, size_t limit);
// Migrates the file's moderation tables (chatctl uses it too); throws
// storage::Error.
void migrate_moderation(storage::Database &db);

// The writes behind set, lift and record, for SanctionStore's writer and for
// chatctl alike, so that both change the file the same way. Each runs in the
// caller's transaction (the writer's batch, or chatctl's one per change) and
// throws storage::Error.
void write_audit(storage::Database &db, const AuditEntry &audit);
// Sets or replaces the sanction of its kind, room and user; audits it.
void write_sanction(storage::Database &db, const Sanction &sanction, const AuditEntry &audit);
// Removes each of `kinds` the user has in room and audits it whether or not
// there was one; returns whether a row went, so that a caller for whom
// nothing lifted is an error can roll the audit entry back with it.
bool remove_sanctions(storage::Database &db, std::span<const Kind> kinds, std::string_view room,
                      std::string_view user, const AuditEntry &audit);

} // namespace chatd::moderation
