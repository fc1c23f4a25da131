#include "auth_plugin.hpp"

#include "accounts/user_names.hpp"
#include "ascii.hpp"
#include "json_text.hpp"
#include "retry_after.hpp"

#include <chrono>
#include <string_view>

namespace chatd::auth {

namespace {

using Json = nlohmann::json;

const char *const kAuthTypes[] = {"auth", nullptr};
const char *const kPolicedTypes[] = {"join", "message", "topic", nullptr};
const char *const kInvitationTypes[] = {"invite", "uninvite", nullptr};

// Why a login failed is the operator's to know, not the client's: the same
// answer whether the name exists or the password is wrong.
constexpr std::string_view kBadPassword = "invalid user name or password";
constexpr std::string_view kBadToken = "invalid or expired token";

int64_t unix_now() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

// An answer to a frame carries its "id", as the host's replies do.
std::string answer(nlohmann::json body, const nlohmann::json &id) {
    if (!id.is_null()) body["id"] = id;
    return plugins::json_text<Json>(body);
}

nlohmann::json id_of(chatd::Frame &frame) {
    const nlohmann::json body = nlohmann::json::parse(frame.json(), nullptr, false);
    const auto id = body.is_object() ? body.find("id") : body.end();
    return id == body.end() ? nlohmann::json() : *id;
}

// The token of an upgrade request: the access_token query parameter (what a
// browser's WebSocket can send), the cookie, or an Authorization: Bearer
// header (any other client).
std::optional<std::string> token_of(const chatd::Request &request, const Settings &settings) {
    if (auto query = request.query("access_token")) return std::string(*query);
    if (auto header = request.header("authorization")) {
        constexpr std::string_view kBearer = "Bearer ";
        if (header->size() > kBearer.size() &&
            std::equal(kBearer.begin(), kBearer.end(), header->begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            }))
            return std::string(header->substr(kBearer.size()));
        return std::string(); // a header that is no bearer token is no valid token either
    }
    if (settings.mode == Mode::Jwt)
        if (auto cookie = request.cookie(settings.cookie_name.c_str())) return std::string(*cookie);
    return std::nullopt;
}

std::string folded_key(std::string_view kind, std::string_view value) {
    return std::string(kind) + ':' + plugins::ascii_lower(value);
}

// The action a host access question names, if the policy speaks of it.
std::optional<Action> action_named(std::string_view asked) {
    if (asked == CHATD_ACTION_JOIN) return Action::Join;
    if (asked == CHATD_ACTION_POST) return Action::Post;
    if (asked == CHATD_ACTION_READ) return Action::Read;
    if (asked == CHATD_ACTION_SET_TOPIC) return Action::SetTopic;
    return std::nullopt;
}

} // namespace

const std::array<chatd_stage, 3> AuthPlugin::stages = {
    chatd::stage<&AuthPlugin::authenticate>(CHATD_PHASE_IDENTIFY, kAuthTypes,
                                            CHATD_STAGE_BEFORE_READY),
    chatd::stage<&AuthPlugin::authorize>(CHATD_PHASE_AUTHORIZE, kPolicedTypes),
    chatd::stage<&AuthPlugin::handle_invitation>(CHATD_PHASE_HANDLE, kInvitationTypes),
};

AuthPlugin::AuthPlugin(const chatd::Host &host)
    : host_(host), settings_(load_settings(host)), policy_(load_policy(host, settings_)),
      throttle_({.max_failures = settings_.max_failures,
                 .window = std::chrono::duration_cast<std::chrono::milliseconds>(
                     settings_.failure_window)}),
      account_faults_([host](const std::string &line) { host.error(line); },
                      [host](const std::string &line) { host.info(line); }, "accounts are read",
                      "password logins get internal errors") {
    switch (settings_.mode) {
    case Mode::Open: host_.info("mode open: every connection is a guest"); break;
    case Mode::Password:
        passwords_ = std::make_unique<PasswordLogins>(settings_);
        host_.info("mode password: " + std::to_string(passwords_->accounts()) + " accounts in " +
                   settings_.database.string());
        break;
    case Mode::Jwt:
        tokens_.emplace(settings_);
        host_.info("mode jwt: " + settings_.jwt_algorithm + " tokens");
        break;
    }
    // Password mode has the database open for its accounts already; the
    // others open it only for invitations, so that a server without
    // invite-only rooms creates no file it does not need.
    if (policy_.has_invite_only_rooms()) {
        invites_ = std::make_unique<InviteFrames>(host_, policy_, invitations_, settings_.database);
        host_.info("invitations to invite-only rooms in " + settings_.database.string());
        if (settings_.mode == Mode::Open)
            host_.warn("mode open with invite-only rooms: a guest may take any free nickname, "
                       "so an invitation keeps out only those who do not know the name");
    }
}

std::chrono::milliseconds AuthPlugin::throttled(const std::string &address,
                                                const std::string &user) const {
    const auto now = FailureThrottle::Clock::now();
    std::chrono::milliseconds wait = throttle_.wait(folded_key("addr", address), now);
    if (!user.empty()) wait = std::max(wait, throttle_.wait(folded_key("user", user), now));
    return wait;
}

void AuthPlugin::failed(chatd_conn_id conn, const std::string &user, const std::string &why) {
    const auto now = FailureThrottle::Clock::now();
    const std::string address = host_.remote_address(conn);
    throttle_.failed(folded_key("addr", address), now);
    if (!user.empty()) throttle_.failed(folded_key("user", user), now);
    host_.info("conn " + std::to_string(conn) + " from " + address +
               " failed to authenticate: " + why);
}

AuthPlugin::RequestCredential AuthPlugin::credential_of(const chatd::Request &request) {
    const std::optional<std::string> token = token_of(request, settings_);
    if (!token) return std::monostate{};
    if (!tokens_)
        return HttpRefusal{401, "not_authenticated",
                           "this server takes a user name and password in an auth frame, not a "
                           "token"};
    const std::string address(request.remote_address());
    if (auto wait = throttled(address, {}); wait.count() > 0)
        return HttpRefusal{429, "rate_limited",
                           "too many failed logins; try again in " + plugins::wait_text(wait)};
    auto checked = tokens_->check(*token, unix_now());
    if (const auto *why = std::get_if<std::string>(&checked)) {
        throttle_.failed(folded_key("addr", address), FailureThrottle::Clock::now());
        host_.info("request from " + address + " refused: " + *why);
        return HttpRefusal{401, "not_authenticated", std::string(kBadToken)};
    }
    return std::get<Identity>(std::move(checked));
}

chatd_handshake_status AuthPlugin::on_handshake(chatd::Handshake &handshake) {
    if (settings_.mode == Mode::Open) {
        handshake.add_role("guest");
        handshake.set_ready();
        return CHATD_HANDSHAKE_ACCEPT;
    }
    RequestCredential credential = credential_of(handshake.request());
    if (const auto *refusal = std::get_if<HttpRefusal>(&credential))
        return handshake.refuse(refusal->status, refusal->message);
    // Without a token it may still authenticate with an auth frame.
    if (const auto *identity = std::get_if<Identity>(&credential)) {
        handshake.set_user(identity->user);
        for (const std::string &role : identity->roles)
            handshake.add_role(role);
        handshake.set_ready();
    }
    return CHATD_HANDSHAKE_ACCEPT;
}

chatd_handshake_status AuthPlugin::on_http_request(chatd::IncomingRequest &request) {
    // As every connection is a guest in open mode, so is every request.
    if (settings_.mode == Mode::Open) {
        request.add_role("guest");
        return CHATD_HANDSHAKE_ACCEPT;
    }
    RequestCredential credential = credential_of(request);
    if (const auto *refusal = std::get_if<HttpRefusal>(&credential))
        return request.refuse(refusal->status, refusal->code, refusal->message);
    // Without a token it stays anonymous, and on_access refuses it what the
    // policy guards.
    if (const auto *identity = std::get_if<Identity>(&credential)) {
        request.set_user(identity->user);
        for (const std::string &role : identity->roles)
            request.add_role(role);
    }
    return CHATD_HANDSHAKE_ACCEPT;
}

std::optional<std::string> AuthPlugin::on_access(const chatd::AccessQuestion &question) {
    const std::optional<Action> action = action_named(question.action());
    if (!action) return std::nullopt; // not an action the policy speaks of
    const std::string room(question.room());
    if (settings_.mode != Mode::Open && question.user().empty())
        return "sign in to " + action_phrase(*action, room);
    std::string why = refusal(
        question.user(), [&](std::string_view role) { return question.has_role(role); }, *action,
        room);
    if (why.empty()) return std::nullopt;
    return why;
}

void AuthPlugin::on_open(chatd_conn_id conn) {
    if (settings_.mode == Mode::Open) return;
    // Only an upgrade request this plugin let in gives a connection roles
    // before it opens (every token user has `user`): say as whom, before any
    // room greets it.
    if (std::vector<std::string> roles = host_.roles(conn); !roles.empty()) {
        host_.send(conn, plugins::json_text<Json>(auth_ok({host_.user(conn), std::move(roles)})));
        return;
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(settings_.auth_timeout);
    const chatd_timer_id timer = host_.start_timer(
        static_cast<uint64_t>(ms.count()), 0,
        [](void *self, chatd_timer_id fired) {
            auto *plugin = static_cast<AuthPlugin *>(self);
            auto it = plugin->deadlines_.find(fired);
            if (it == plugin->deadlines_.end()) return;
            const chatd_conn_id late = it->second;
            plugin->deadline_of_.erase(late);
            plugin->deadlines_.erase(it);
            plugin->host_.close(late, 1008, "not authenticated in time");
        },
        this);
    deadlines_[timer] = conn;
    deadline_of_[conn] = timer;
}

void AuthPlugin::on_ready(chatd_conn_id conn) {
    auto it = deadline_of_.find(conn);
    if (it == deadline_of_.end()) return;
    host_.cancel_timer(it->second);
    deadlines_.erase(it->second);
    deadline_of_.erase(it);
}

void AuthPlugin::on_close(chatd_conn_id conn) {
    on_ready(conn);
    nicknames_.release(conn);
}

chatd::Stage AuthPlugin::authenticate(chatd::Frame &frame) {
    if (settings_.mode == Mode::Open) return pick_nickname(frame);
    if (host_.is_ready(frame.conn()))
        return frame.reject("bad_request", "already authenticated as " + host_.user(frame.conn()));
    return settings_.mode == Mode::Password ? check_password(frame) : check_token(frame);
}

chatd::Stage AuthPlugin::pick_nickname(chatd::Frame &frame) {
    const chatd_conn_id conn = frame.conn();
    const auto name = frame.get_string("user");
    if (!name) return frame.reject("bad_request", "auth needs a string user");
    if (!is_valid_user_name(*name))
        return frame.reject("bad_request", "not a user name: " + user_name_rule());
    const std::string was = host_.user(conn);
    if (*name != was) {
        if (!nicknames_.claim(conn, *name))
            return frame.reject("name_taken", "another connection goes by " + std::string(*name));
        host_.set_user(conn, *name);
        for (const std::string &room : host_.conn_rooms(conn))
            host_.publish(room,
                          plugins::json_text<Json>({{"type", "presence"},
                                                    {"room", room},
                                                    {"user", *name},
                                                    {"event", "rename"},
                                                    {"was", was}}),
                          conn);
    }
    frame.reply(plugins::json_text<Json>(auth_ok({std::string(*name), host_.roles(conn)})));
    return chatd::Stage::Handled;
}

chatd::Stage AuthPlugin::check_token(chatd::Frame &frame) {
    const chatd_conn_id conn = frame.conn();
    const auto token = frame.get_string("token");
    if (!token) return frame.reject("bad_request", "auth needs a string token");
    if (auto wait = throttled(host_.remote_address(conn), {}); wait.count() > 0)
        return rate_limited(frame, wait);
    auto checked = tokens_->check(*token, unix_now());
    if (const auto *why = std::get_if<std::string>(&checked)) {
        failed(conn, {}, *why);
        return frame.reject("not_authenticated", kBadToken);
    }
    const Identity &identity = std::get<Identity>(checked);
    frame.reply(plugins::json_text<Json>(auth_ok(identity)));
    admit(conn, identity);
    return chatd::Stage::Handled;
}

chatd::Stage AuthPlugin::check_password(chatd::Frame &frame) {
    const chatd_conn_id conn = frame.conn();
    const auto user = frame.get_string("user");
    const auto password = frame.get_string("password");
    if (!user || !password)
        return frame.reject("bad_request", "auth needs a string user and a string password");
    // No account has such a name, so nothing is checked (nor kept: a name
    // becomes a throttle key, and a client may send 64 KiB of one).
    if (!is_valid_user_name(*user)) {
        failed(conn, {}, "not a user name");
        return frame.reject("not_authenticated", kBadPassword);
    }
    if (auto wait = throttled(host_.remote_address(conn), std::string(*user)); wait.count() > 0)
        return rate_limited(frame, wait);
    // The answer goes out after the pause, when the frame can no longer add its id.
    nlohmann::json id = id_of(frame);
    const chatd_frame_id paused = frame.id();
    std::string name(*user);
    const bool queued = passwords_->check(
        name, std::string(*password),
        [this, paused, conn, id = std::move(id), name](PasswordCheck result) mutable {
            host_.run_on_pipeline(
                [this, paused, conn, id = std::move(id), name, result = std::move(result)] {
                    password_checked(paused, conn, id, name, result);
                });
        });
    if (!queued) return frame.reject("busy", "too many logins at once; try again");
    return chatd::Stage::Pause;
}

void AuthPlugin::password_checked(chatd_frame_id frame, chatd_conn_id conn,
                                  const nlohmann::json &id, const std::string &user,
                                  const PasswordCheck &result) {
    if (!result.fault.empty()) {
        account_faults_.failed(result.fault);
        host_.resume(frame, chatd::Stage::Reject, "internal", "accounts cannot be read now");
        return;
    }
    account_faults_.worked();
    if (!result.identity) {
        failed(conn, user, "wrong password or no such account");
        host_.resume(frame, chatd::Stage::Reject, "not_authenticated", kBadPassword);
        return;
    }
    throttle_.forget(folded_key("user", user));
    host_.send(conn, answer(auth_ok(*result.identity), id));
    admit(conn, *result.identity);
    host_.resume(frame, chatd::Stage::Handled);
}

nlohmann::json AuthPlugin::auth_ok(const Identity &identity) {
    return nlohmann::json(
        {{"type", "auth_ok"}, {"user", identity.user}, {"roles", identity.roles}});
}

void AuthPlugin::admit(chatd_conn_id conn, const Identity &identity) {
    host_.set_user(conn, identity.user);
    for (const std::string &role : identity.roles)
        host_.add_role(conn, role);
    host_.set_ready(conn);
}

chatd::Stage AuthPlugin::authorize(chatd::Frame &frame) {
    const std::string_view type = frame.type();
    std::string room;
    if (type == "message") {
        // The rooms plugin gave it its room in the resolve phase.
        const auto message = frame.message();
        if (!message) return chatd::Stage::Continue;
        room = std::string(chatd::view(message->room));
    } else if (const auto named = frame.get_string("room")) {
        room = std::string(*named);
    } else {
        return chatd::Stage::Continue; // the stage that handles it says what is missing
    }
    // Reading history (a `history` request, a join's `since`) is asked by
    // the history plugin itself, through check_access and on_access.
    std::string_view ignored;
    const std::optional<Action> action =
        type == "message" ? std::optional(Action::Post)
        : type == "topic" ? (frame.lookup_string("topic", ignored) == CHATD_ERR_NOT_FOUND
                                 ? std::nullopt
                                 : std::optional(Action::SetTopic))
                          : std::optional(Action::Join);
    if (!action) return chatd::Stage::Continue;
    const chatd_conn_id conn = frame.conn();
    if (std::string why = refusal(
            host_.user(conn), [&](std::string_view role) { return host_.has_role(conn, role); },
            *action, room);
        !why.empty())
        return frame.reject("forbidden", why);
    return chatd::Stage::Continue;
}

chatd::Stage AuthPlugin::handle_invitation(chatd::Frame &frame) {
    if (!invites_) return frame.reject("bad_request", "no room here is invite-only");
    return invites_->handle(frame);
}

std::string AuthPlugin::refusal(std::string_view user, const RoleCheck &has_role, Action action,
                                const std::string &room) const {
    return room_refusal(policy_, invitations_, user, has_role, action, room);
}

chatd::Stage AuthPlugin::rate_limited(chatd::Frame &frame, std::chrono::milliseconds wait) {
    frame.reply(plugins::retry_after_error(
        "rate_limited", "too many failed logins; try again in " + plugins::wait_text(wait), wait));
    return chatd::Stage::Handled;
}

} // namespace chatd::auth

namespace {
const char *const kCapabilities[] = {CHATD_CAP_IDENTITY, CHATD_CAP_PAUSE, CHATD_CAP_TIMERS,
                                     CHATD_CAP_ROOMS, nullptr};
} // namespace

CHATD_PLUGIN(chatd::auth::AuthPlugin, "auth", "0.1.0",
             "auth: open guests, password accounts (argon2id) and JWT; roles",
             chatd::auth::kOptions.data(), static_cast<uint32_t>(chatd::auth::kOptions.size()),
             kCapabilities)
