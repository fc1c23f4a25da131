#include "moderation_plugin.hpp"

#include "core/timestamp.hpp"

#include "ascii.hpp"
#include "events.hpp"
#include "frame_fields.hpp"
#include "retry_after.hpp"
#include "room_names.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

namespace chatd::moderation {

namespace {

using plugins::Rejection;

const char *const kGuardedTypes[] = {"join", "topic", "message", nullptr};
const char *const kCommandTypes[] = {"kick",        "ban",  "unban", "mute", "unmute",
                                     "shadow_mute", "bans", "audit", nullptr};
// Who lifts a sanction whose time is up, in the room's event and the audit.
constexpr const char *kServer = "chatd";
// Audit entries one request may ask for.
constexpr int64_t kMaxAuditPage = 500;
constexpr int64_t kDefaultAuditPage = 50;

bool same_user(std::string_view a, std::string_view b) {
    return plugins::ascii_lower(a) == plugins::ascii_lower(b);
}

// Runs a handler, turning its Rejection into the frame's error.
template <class F> chatd::Stage answer(chatd::Frame &frame, F &&handler) {
    try {
        return handler();
    } catch (const Rejection &r) {
        return frame.reject(r.code(), r.what());
    }
}

chatd::Stage refused(chatd::Frame &frame, storage::Submitted submitted) {
    if (submitted == storage::Submitted::QueueFull)
        return frame.reject("busy", "too many moderation changes waiting to be stored; try again");
    return frame.reject("unavailable", "the server is shutting down");
}

// The kinds a lifting command lifts.
std::vector<Kind> lifted_kinds(std::string_view action) {
    if (action == "unban") return {Kind::Ban};
    return {Kind::Mute, Kind::ShadowMute};
}

} // namespace

const std::array<chatd_stage, 2> ModerationPlugin::stages = {
    chatd::stage<&ModerationPlugin::guard>(CHATD_PHASE_AUTHORIZE, kGuardedTypes),
    chatd::stage<&ModerationPlugin::command>(CHATD_PHASE_HANDLE, kCommandTypes),
};

ModerationPlugin::ModerationPlugin(const chatd::Host &host)
    : host_(host), settings_(load_settings(host)), limits_(settings_.limits),
      faults_([host](const std::string &line) { host.error(line); },
              [host](const std::string &line) { host.info(line); }, "moderation changes are stored",
              "moderation commands get errors"),
      store_(std::make_unique<SanctionStore>(SanctionStoreOptions{.path = settings_.database})) {
    for (const Sanction &sanction : store_->at_open()) {
        sanctions_.set(sanction);
        schedule_expiry(sanction);
    }
    const auto every = static_cast<uint64_t>(settings_.reload_interval.count());
    tick_timer_ = host_.start_timer(
        every, every,
        [](void *self, chatd_timer_id) { static_cast<ModerationPlugin *>(self)->tick(); }, this);
    host_.info(std::to_string(sanctions_.size()) + " bans and mutes in " +
               settings_.database.string());
}

ModerationPlugin::~ModerationPlugin() = default;

std::optional<std::string> ModerationPlugin::on_access(const chatd::AccessQuestion &question) {
    const std::string_view action = question.action();
    const std::optional<Kind> kind = action == CHATD_ACTION_JOIN || action == CHATD_ACTION_READ
                                         ? std::optional(Kind::Ban)
                                     : action == CHATD_ACTION_POST ? std::optional(Kind::Mute)
                                                                   : std::nullopt;
    if (!kind || question.user().empty()) return std::nullopt;
    if (const Sanction *sanction = sanctions_.find(*kind, question.user(), question.room()))
        return refusal_text(*sanction);
    return std::nullopt;
}

void ModerationPlugin::on_ready(chatd_conn_id conn) {
    if (sanctions_.server_wide(Kind::Ban, host_.user(conn)))
        host_.close(conn, 1008, "banned from this server");
}

chatd::Stage ModerationPlugin::guard(chatd::Frame &frame) {
    if (frame.type() == "message") return guard_message(frame);
    const std::optional<std::string_view> room = frame.get_string("room");
    if (!room) return chatd::Stage::Continue; // the rooms plugin says what is wrong
    const std::string user = host_.user(frame.conn());
    if (frame.type() == "join") {
        if (const Sanction *ban = sanctions_.find(Kind::Ban, user, *room))
            return frame.reject("forbidden", refusal_text(*ban));
        return chatd::Stage::Continue;
    }
    // A topic request that sets one: reading it is no post.
    std::string_view ignored;
    if (frame.lookup_string("topic", ignored) != CHATD_ERR_NOT_FOUND)
        if (const Sanction *mute = sanctions_.find(Kind::Mute, user, *room))
            return frame.reject("muted", refusal_text(*mute));
    return chatd::Stage::Continue;
}

chatd::Stage ModerationPlugin::guard_message(chatd::Frame &frame) {
    const std::optional<chatd_message> message = frame.message();
    if (!message) return chatd::Stage::Continue;
    const std::string room(chatd::view(message->room));
    const std::string user = host_.user(frame.conn());
    if (const Sanction *ban = sanctions_.find(Kind::Ban, user, room))
        return frame.reject("forbidden", refusal_text(*ban));
    if (const Sanction *mute = sanctions_.find(Kind::Mute, user, room))
        return frame.reject("muted", refusal_text(*mute));
    if (sanctions_.find(Kind::ShadowMute, user, room)) {
        // Shown to its sender as the room would show it, and to nobody else.
        frame.reply(frame.message_json());
        return chatd::Stage::Handled;
    }
    // Moderators are trusted to keep their own pace.
    if (may_moderate(frame.conn())) return chatd::Stage::Continue;
    AutoLimits::Outcome outcome =
        limits_.check(room, user, chatd::view(message->text), AutoLimits::Clock::now());
    if (outcome.mute) escalate(room, user, *outcome.mute);
    if (outcome.retry_after) {
        frame.reply(
            plugins::retry_after_error(outcome.code, outcome.message, *outcome.retry_after));
        return chatd::Stage::Handled;
    }
    if (!outcome.code.empty()) return frame.reject(outcome.code, outcome.message);
    if (outcome.masked) frame.set_string("text", *outcome.masked);
    return chatd::Stage::Continue;
}

void ModerationPlugin::escalate(const std::string &room, const std::string &user,
                                std::chrono::seconds mute) {
    const Command command{.action = "mute",
                          .room = room,
                          .user = user,
                          .reason = "automatic: too many refused messages",
                          .duration_s = mute.count()};
    const int64_t now = unix_ms_now();
    const Sanction sanction{.kind = Kind::Mute,
                            .room = room,
                            .user = user,
                            .by = kServer,
                            .reason = command.reason,
                            .created_ms = now,
                            .expires_ms = now + command.duration_s * 1000};
    const AuditEntry audit{.at_ms = now,
                           .by = kServer,
                           .action = "mute",
                           .user = user,
                           .room = room,
                           .reason = command.reason,
                           .duration_s = command.duration_s};
    const storage::Submitted submitted = store_->set(
        sanction, audit, [this, command, sanction](const std::optional<storage::Error> &error) {
            host_.run_on_pipeline([this, command, sanction, error] {
                if (error) return write_failed(*error);
                faults_.worked();
                applied(command, kServer, sanction);
            });
        });
    if (submitted != storage::Submitted::Queued)
        host_.warn("the automatic mute of " + user + " in room " + room + " could not be stored");
}

chatd::Stage ModerationPlugin::command(chatd::Frame &frame) {
    return answer(frame, [&] {
        if (frame.type() == "bans") return list_bans(frame);
        if (frame.type() == "audit") return list_audit(frame);
        return act(frame);
    });
}

bool ModerationPlugin::may_moderate(chatd_conn_id conn) const {
    return host_.has_role(conn, "moderator") || host_.has_role(conn, "admin");
}

void ModerationPlugin::check_standing(chatd_conn_id conn, const Command &command) const {
    if (same_user(command.user, host_.user(conn)))
        throw Rejection("bad_request", "you cannot " + command.action + " yourself");
    const bool admin = host_.has_role(conn, "admin");
    for (const chatd_conn_id target : host_.user_conns(command.user)) {
        if (host_.has_role(target, "admin"))
            throw Rejection("forbidden", command.user + " is an admin");
        if (!admin && host_.has_role(target, "moderator"))
            throw Rejection("forbidden", "only an admin may " + command.action + " a moderator");
    }
}

chatd::Stage ModerationPlugin::act(chatd::Frame &frame) {
    const chatd_conn_id conn = frame.conn();
    if (!may_moderate(conn))
        throw Rejection("forbidden", "only moderators and admins may " + std::string(frame.type()));
    const Command command = read_command(frame);
    check_standing(conn, command);
    const std::string by = host_.user(conn);
    const int64_t now = unix_ms_now();
    const AuditEntry audit{.at_ms = now,
                           .by = by,
                           .action = command.action,
                           .user = command.user,
                           .room = command.room,
                           .reason = command.reason,
                           .duration_s = command.duration_s};
    std::optional<Sanction> sanction;
    if (sets_sanction(command.action))
        sanction = Sanction{.kind = *parse_kind(command.action),
                            .room = command.room,
                            .user = command.user,
                            .by = by,
                            .reason = command.reason,
                            .created_ms = now,
                            .expires_ms = command.duration_s ? now + command.duration_s * 1000 : 0};
    auto done = [this, paused = frame.id(), command, by,
                 sanction](const std::optional<storage::Error> &error) {
        host_.run_on_pipeline([this, paused, command, by, sanction, error] {
            stored(paused, command, by, sanction, error);
        });
    };

    storage::Submitted submitted;
    if (sanction) {
        submitted = store_->set(*sanction, audit, std::move(done));
    } else if (command.action == "kick") {
        const std::vector<chatd_conn_id> conns = host_.user_conns(command.user);
        if (std::none_of(conns.begin(), conns.end(), [&](chatd_conn_id c) {
                return command.room.empty() || host_.is_subscribed(c, command.room);
            }))
            throw Rejection("not_found", command.user + (command.room.empty()
                                                             ? " is not connected"
                                                             : " is not in room " + command.room));
        submitted = store_->record(audit, std::move(done));
    } else {
        const std::vector<Kind> kinds = lifted_kinds(command.action);
        if (std::none_of(kinds.begin(), kinds.end(), [&](Kind kind) {
                return sanctions_.exactly(kind, command.room, command.user) != nullptr;
            }))
            throw Rejection(
                "not_found",
                command.user + " is not " +
                    (command.action == "unban" ? "banned from " : "muted in ") +
                    (command.room.empty() ? "the whole server" : "room " + command.room));
        submitted = store_->lift(kinds, command.room, command.user, audit, std::move(done));
    }
    if (submitted != storage::Submitted::Queued) return refused(frame, submitted);
    return chatd::Stage::Pause;
}

void ModerationPlugin::stored(chatd_frame_id frame, const Command &command, const std::string &by,
                              const std::optional<Sanction> &sanction,
                              const std::optional<storage::Error> &error) {
    if (error) {
        write_failed(*error);
        host_.resume(frame, chatd::Stage::Reject, error->busy() ? "busy" : "unavailable",
                     "moderation changes cannot be stored now");
        return;
    }
    faults_.worked();
    applied(command, by, sanction);
    host_.resume_with_reply(frame, done(command, by));
}

void ModerationPlugin::applied(const Command &command, const std::string &by,
                               const std::optional<Sanction> &sanction) {
    // Lifting only a shadow mute is as silent as setting one.
    const bool silent =
        command.action == "shadow_mute" ||
        (command.action == "unmute" && !sanctions_.exactly(Kind::Mute, command.room, command.user));
    if (sanction) {
        sanctions_.set(*sanction);
        schedule_expiry(*sanction);
    } else if (command.action != "kick") {
        for (const Kind kind : lifted_kinds(command.action)) {
            sanctions_.lift(kind, command.room, command.user);
            cancel_expiry(Sanctions::key_of(kind, command.room, command.user));
        }
    }
    host_.info(by + " did " + command.action + " " + command.user +
               (command.room.empty() ? " server-wide" : " in room " + command.room) +
               (command.reason.empty() ? "" : ": " + command.reason));
    if (!silent) enforce(command, by);
}

void ModerationPlugin::enforce(const Command &command, const std::string &by) {
    publish_event(command, by);
    if (command.action != "kick" && command.action != "ban") return;
    for (const chatd_conn_id conn : host_.user_conns(command.user)) {
        if (command.room.empty())
            host_.close(conn, 1008, command.action == "ban" ? "banned from this server" : "kicked");
        else if (host_.is_subscribed(conn, command.room))
            host_.unsubscribe(conn, command.room);
    }
}

void ModerationPlugin::publish_event(const Command &command, const std::string &by) {
    const std::string json = event(command, by);
    std::set<std::string> rooms;
    if (!command.room.empty()) {
        rooms.insert(command.room);
    } else {
        // Server-wide: every room the user is in hears it.
        for (const chatd_conn_id conn : host_.user_conns(command.user))
            for (std::string &room : host_.conn_rooms(conn))
                if (!plugins::is_dm_room(room)) rooms.insert(std::move(room));
    }
    for (const std::string &room : rooms)
        host_.publish(room, json);
    // The user hears it also where none of those rooms reaches them.
    for (const chatd_conn_id conn : host_.user_conns(command.user))
        if (std::none_of(rooms.begin(), rooms.end(),
                         [&](const std::string &room) { return host_.is_subscribed(conn, room); }))
            host_.send(conn, json);
}

void ModerationPlugin::schedule_expiry(const Sanction &sanction) {
    Sanctions::Key key = Sanctions::key_of(sanction.kind, sanction.room, sanction.user);
    cancel_expiry(key);
    if (!sanction.expires_ms) return;
    const int64_t left = std::max<int64_t>(1, sanction.expires_ms - unix_ms_now());
    const chatd_timer_id timer = host_.start_timer(
        static_cast<uint64_t>(left), 0,
        [](void *self, chatd_timer_id fired) {
            static_cast<ModerationPlugin *>(self)->expire(fired);
        },
        this);
    if (!timer) return;
    expiry_timers_[key] = timer;
    expiries_.emplace(timer, Expiry{std::move(key), sanction.expires_ms});
}

void ModerationPlugin::cancel_expiry(const Sanctions::Key &key) {
    const auto it = expiry_timers_.find(key);
    if (it == expiry_timers_.end()) return;
    host_.cancel_timer(it->second);
    expiries_.erase(it->second);
    expiry_timers_.erase(it);
}

void ModerationPlugin::expire(chatd_timer_id timer) {
    const auto it = expiries_.find(timer);
    if (it == expiries_.end()) return;
    const Expiry expiry = std::move(it->second);
    expiries_.erase(it);
    expiry_timers_.erase(expiry.key);
    const auto &[room, user, kind] = expiry.key;
    const Sanction *current = sanctions_.exactly(kind, room, user);
    // Replaced by a later one with another time, or lifted: that one counts.
    if (!current || current->expires_ms != expiry.expires_ms) return;
    const Command lift{.action = kind == Kind::Ban ? "unban" : "unmute",
                       .room = room,
                       .user = current->user,
                       .reason = "expired"};
    sanctions_.lift(kind, room, user);
    const AuditEntry audit{.at_ms = unix_ms_now(),
                           .by = kServer,
                           .action = lift.action,
                           .user = lift.user,
                           .room = lift.room,
                           .reason = lift.reason};
    // Lifted in memory at once: a failed write leaves the row, which the next
    // start finds expired and lifts again.
    const storage::Submitted submitted = store_->lift(
        {kind}, room, lift.user, audit, [this](const std::optional<storage::Error> &error) {
            host_.run_on_pipeline([this, error] {
                if (error)
                    write_failed(*error);
                else
                    faults_.worked();
            });
        });
    if (submitted != storage::Submitted::Queued)
        host_.warn("an expired sanction of " + lift.user + " could not be removed from the file");
    host_.info(lift.user + "'s " + std::string(kind_name(kind)) +
               (lift.room.empty() ? " server-wide" : " in room " + lift.room) + " expired");
    // Nobody, the user least of all, may learn of a shadow mute.
    if (kind != Kind::ShadowMute) enforce(lift, kServer);
}

void ModerationPlugin::tick() {
    limits_.prune(AutoLimits::Clock::now());
    if (reload_pending_) return;
    const storage::Submitted submitted =
        store_->reload_if_changed([this](std::optional<std::vector<Sanction>> all,
                                         const std::optional<storage::Error> &error) {
            host_.run_on_pipeline([this, all = std::move(all), error]() mutable {
                reload_pending_ = false;
                if (error) return write_failed(*error);
                if (all) reloaded(std::move(*all));
            });
        });
    reload_pending_ = submitted == storage::Submitted::Queued;
}

void ModerationPlugin::reloaded(std::vector<Sanction> all) {
    // What chatctl changed is enforced as a moderator's command would be.
    std::vector<std::pair<Command, std::string>> changes; // and who made it
    for (const Sanction &now : all) {
        const Sanction *before = sanctions_.exactly(now.kind, now.room, now.user);
        if (before && before->expires_ms == now.expires_ms) continue;
        schedule_expiry(now);
        if (before) continue;
        const int64_t duration_ms = now.expires_ms ? now.expires_ms - now.created_ms : 0;
        changes.push_back(
            {{.action = std::string(kind_name(now.kind)),
              .room = now.room,
              .user = now.user,
              .reason = now.reason,
              .duration_s = duration_ms ? std::max<int64_t>(1, duration_ms / 1000) : 0},
             now.by});
    }
    Sanctions next;
    next.replace(std::move(all));
    for (const Sanction &gone : sanctions_.all()) {
        if (next.exactly(gone.kind, gone.room, gone.user)) continue;
        cancel_expiry(Sanctions::key_of(gone.kind, gone.room, gone.user));
        if (gone.kind == Kind::ShadowMute) continue; // never announced
        changes.push_back({{.action = gone.kind == Kind::Ban ? "unban" : "unmute",
                            .room = gone.room,
                            .user = gone.user},
                           "chatctl"});
    }
    sanctions_ = std::move(next);
    for (const auto &[change, by] : changes)
        if (change.action != "shadow_mute") enforce(change, by);
    host_.info("the moderation database changed: " + std::to_string(sanctions_.size()) +
               " bans and mutes now");
}

chatd::Stage ModerationPlugin::list_bans(chatd::Frame &frame) {
    if (!may_moderate(frame.conn()))
        throw Rejection("forbidden", "only moderators and admins may list bans and mutes");
    const std::optional<std::string_view> room = plugins::optional_string(frame, "room");
    std::vector<Sanction> listed = sanctions_.all();
    if (room)
        std::erase_if(listed,
                      [&](const Sanction &s) { return !s.room.empty() && s.room != *room; });
    frame.reply(sanction_list(listed));
    return chatd::Stage::Handled;
}

chatd::Stage ModerationPlugin::list_audit(chatd::Frame &frame) {
    if (!host_.has_role(frame.conn(), "admin"))
        throw Rejection("forbidden", "only admins may read the audit log");
    const int64_t limit =
        plugins::optional_int(frame, "limit", 1, kMaxAuditPage).value_or(kDefaultAuditPage);
    const int64_t before = plugins::optional_int(frame, "before", 1, INT64_MAX).value_or(0);
    const storage::Submitted submitted = store_->audit(
        before, static_cast<size_t>(limit) + 1,
        [this, paused = frame.id(), limit](std::vector<AuditEntry> entries,
                                           const std::optional<storage::Error> &error) {
            host_.run_on_pipeline(
                [this, paused, limit, entries = std::move(entries), error]() mutable {
                    if (error) {
                        write_failed(*error);
                        host_.resume(paused, chatd::Stage::Reject, "unavailable",
                                     "the audit log cannot be read now");
                        return;
                    }
                    const bool more = entries.size() > static_cast<size_t>(limit);
                    if (more) entries.pop_back();
                    host_.resume_with_reply(paused, audit_list(entries, more));
                });
        });
    if (submitted != storage::Submitted::Queued) return refused(frame, submitted);
    return chatd::Stage::Pause;
}

void ModerationPlugin::write_failed(const storage::Error &error) { faults_.failed(error.what()); }

} // namespace chatd::moderation

namespace {
const char *const kCapabilities[] = {CHATD_CAP_IDENTITY, CHATD_CAP_PAUSE, CHATD_CAP_TIMERS,
                                     CHATD_CAP_ROOMS, nullptr};
} // namespace

CHATD_PLUGIN(chatd::moderation::ModerationPlugin, "moderation", "0.1.0",
             "moderation: kick, ban, mute and shadow mute, persisted, with an audit log",
             chatd::moderation::kOptions.data(),
             static_cast<uint32_t>(chatd::moderation::kOptions.size()), kCapabilities)
