// Invitations to invite-only rooms in the auth database, so that they
// survive a restart. Read whole when the store opens (the plugin keeps them in
// memory for the join check); every change is written by one writer thread
// and reported only once committed, so the plugin answers an invite after it
// is durable and never blocks the pipeline thread on the disk.
#pragma once

#include <chatd/storage/error.hpp>
#include <chatd/storage/writer.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace chatd::auth {

struct Invitation {
    std::string room;
    std::string user; // as the inviter spelled it; one per user whatever the case
    std::string by;   // who invited
};

struct InvitationStoreOptions {
    std::filesystem::path path{};
    // How long a write waits for a lock another process (chatctl writing an
    // account) holds on the file before it fails with a busy storage::Error.
    std::chrono::milliseconds busy_timeout{5000};
};

class InvitationStore {
public:
    // Creates the file's directory and the file if missing, migrates the
    // owner "auth_invitations" and reads every invitation; throws
    // std::runtime_error naming the file when it cannot.
    explicit InvitationStore(const InvitationStoreOptions &options);

    // Every invitation when the store opened, by room and then user.
    const std::vector<Invitation> &at_open() const { return at_open_; }

    // Called on the writer thread once the change is committed (no error)
    // or has failed; must be quick and must not throw.
    using Done = storage::Writer::Completion;
    // From any thread; `done` is called exactly when the change is Queued.
    // Changes are committed in the order they were submitted. Inviting
    // someone invited already, or uninviting someone who is not, is done
    // and changes nothing.
    [[nodiscard]] storage::Submitted invite(Invitation invitation, Done done);
    [[nodiscard]] storage::Submitted uninvite(std::string room, std::string user, Done done);

private:
    explicit InvitationStore(storage::Database db);

    const std::vector<Invitation> at_open_;
    storage::Writer writer_; // last: its thread writes until the store is gone
};

} // namespace chatd::auth
