// The moderation plugin: moderators' commands (kick, ban, unban, mute,
// unmute, shadow_mute) and what they enforce. It sees join and topic before
// the rooms plugin acts on them, and every room message after authorization
// and before it is committed, so a refused message is never stored or
// delivered. Bans and mutes live in its database, so they survive a restart,
// and chatctl's changes to that file are picked up while it runs.
#pragma once

#include "auto_limits.hpp"
#include "command.hpp"
#include "sanction_store.hpp"
#include "sanctions.hpp"
#include "settings.hpp"

#include <chatd/plugin_sdk.hpp>
#include <chatd/storage/fault_log.hpp>

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace chatd::moderation {

class ModerationPlugin {
public:
    explicit ModerationPlugin(const chatd::Host &host);
    ~ModerationPlugin();
    ModerationPlugin(const ModerationPlugin &) = delete;
    ModerationPlugin &operator=(const ModerationPlugin &) = delete;

    static const std::array<chatd_stage, 2> stages;

    // Banned users may not join or read a room, muted ones not post: asked
    // by whichever plugin acts (rooms for the default room, history).
    std::optional<std::string> on_access(const chatd::AccessQuestion &question);
    // A user banned from the whole server is closed once it says who it is.
    void on_ready(chatd_conn_id conn);
    // CHATD_PHASE_AUTHORIZE: join, topic and room messages.
    chatd::Stage guard(chatd::Frame &frame);
    // CHATD_PHASE_HANDLE: the commands, and the lists of bans and audit.
    chatd::Stage command(chatd::Frame &frame);

private:
    chatd::Stage guard_message(chatd::Frame &frame);
    chatd::Stage act(chatd::Frame &frame);
    chatd::Stage list_bans(chatd::Frame &frame);
    chatd::Stage list_audit(chatd::Frame &frame);
    // Refuses the command (plugins::Rejection) when conn may not do it.
    void check_standing(chatd_conn_id conn, const Command &command) const;
    // On the pipeline thread once the change is stored, or failed.
    void stored(chatd_frame_id frame, const Command &command, const std::string &by,
                const std::optional<Sanction> &sanction,
                const std::optional<storage::Error> &error);
    // Applies a stored change in memory and enforces it.
    void applied(const Command &command, const std::string &by,
                 const std::optional<Sanction> &sanction);
    // The timed mute the automatic limits gave a user for repeated refusals.
    void escalate(const std::string &room, const std::string &user, std::chrono::seconds mute);
    // Tells the room (or the user's rooms, server-wide) and makes it hold
    // on every connection of the user.
    void enforce(const Command &command, const std::string &by);
    void publish_event(const Command &command, const std::string &by);
    // The timer that lifts a timed sanction; replaces any it had.
    void schedule_expiry(const Sanction &sanction);
    void cancel_expiry(const Sanctions::Key &key);
    void expire(chatd_timer_id timer);
    // Every reload_interval: the file looked at, the limits' memory pruned.
    void tick();
    void reloaded(std::vector<Sanction> all);
    bool may_moderate(chatd_conn_id conn) const;
    void write_failed(const storage::Error &error);

    const chatd::Host &host_;
    const Settings settings_;
    Sanctions sanctions_;
    struct Expiry {
        Sanctions::Key key;
        int64_t expires_ms;
    };
    std::unordered_map<chatd_timer_id, Expiry> expiries_;
    // The timer of each timed sanction, so replacing or lifting one finds it
    // at once however many there are.
    std::map<Sanctions::Key, chatd_timer_id> expiry_timers_;
    AutoLimits limits_;
    chatd_timer_id tick_timer_ = 0;
    bool reload_pending_ = false;
    storage::FaultLog faults_;
    std::unique_ptr<SanctionStore> store_; // last: its writer's completions use the members above
};

} // namespace chatd::moderation
