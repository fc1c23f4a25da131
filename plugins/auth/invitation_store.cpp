#include "invitation_store.hpp"

#include "core/timestamp.hpp"

#include <chatd/storage/directory.hpp>
#include <chatd/storage/migrations.hpp>

#include <array>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace chatd::auth {

namespace {

// Its own owner rather than a step of the accounts' "auth": chatctl, which
// migrates the accounts and knows nothing of invitations, then works on a
// database this chatd has migrated, and the other way round. A step once
// released never changes; later ones are appended. NOCASE makes "Bob" and
// "bob" one invitation (user names are ASCII, which is all NOCASE folds);
// room names are exact, as the rooms plugin has them.
constexpr std::array<std::string_view, 1> kSteps = {
    R"sql(
CREATE TABLE auth_invitations(
    room TEXT NOT NULL,
    user_name TEXT NOT NULL COLLATE NOCASE,
    invited_by TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    PRIMARY KEY(room, user_name)
) WITHOUT ROWID;
)sql",
};

storage::Database open_for_writing(const InvitationStoreOptions &options) {
    storage::create_directory_of(options.path);
    try {
        storage::Database db(options.path, {.busy_timeout = options.busy_timeout});
        storage::migrate(db, "auth_invitations", kSteps);
        return db;
    } catch (const storage::Error &e) {
        // e names the file.
        throw std::runtime_error(std::string("cannot open the invitations database: ") + e.what());
    }
}

std::vector<Invitation> read_all(storage::Database &db) {
    try {
        auto rows = db.prepare("SELECT room, user_name, invited_by FROM auth_invitations "
                               "ORDER BY room, user_name");
        std::vector<Invitation> invitations;
        while (rows.step() == storage::Step::Row)
            invitations.push_back({.room = std::string(rows.column_text(0)),
                                   .user = std::string(rows.column_text(1)),
                                   .by = std::string(rows.column_text(2))});
        return invitations;
    } catch (const storage::Error &e) {
        throw std::runtime_error(std::string("cannot read the invitations: ") + e.what());
    }
}

} // namespace

InvitationStore::InvitationStore(const InvitationStoreOptions &options)
    : InvitationStore(open_for_writing(options)) {}

InvitationStore::InvitationStore(storage::Database db)
    : at_open_(read_all(db)), writer_(std::move(db)) {}

storage::Submitted InvitationStore::invite(Invitation invitation, Done done) {
    return writer_.submit(
        [invitation = std::move(invitation), now = unix_ms_now()](storage::Database &db) {
            auto insert = db.prepare_cached(
                "INSERT INTO auth_invitations(room, user_name, invited_by, created_ms) "
                "VALUES(?1, ?2, ?3, ?4) ON CONFLICT(room, user_name) DO NOTHING");
            insert->bind(1, invitation.room)
                .bind(2, invitation.user)
                .bind(3, invitation.by)
                .bind(4, now)
                .run();
        },
        std::move(done), storage::Undo::Statements);
}

storage::Submitted InvitationStore::uninvite(std::string room, std::string user, Done done) {
    return writer_.submit(
        [room = std::move(room), user = std::move(user)](storage::Database &db) {
            auto remove = db.prepare_cached(
                "DELETE FROM auth_invitations WHERE room = ?1 AND user_name = ?2");
            remove->bind(1, room).bind(2, user).run();
        },
        std::move(done), storage::Undo::Statements);
}

} // namespace chatd::auth
