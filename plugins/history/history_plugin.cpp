#include "history_plugin.hpp"

#include "store/message_event.hpp"
#include "store/sqlite_history_store.hpp"

#include "core/timestamp.hpp"
#include "room_names.hpp"

namespace chatd::history {

namespace {

const char *const kMessageTypes[] = {"message", nullptr};
const char *const kRequestTypes[] = {"history", "targets", "deletions", nullptr};
const char *const kJoinTypes[] = {"join", nullptr};
const char *const kDeleteTypes[] = {"delete", nullptr};
// Reads waiting for the read thread at most.
constexpr size_t kMaxWaitingReads = 1024;
constexpr const char *kTooManyReads = "too many history requests are waiting; ask again";

std::string view_text(chatd_str_view v) { return std::string(v.data ? v.data : "", v.size); }

// In the shape of the host's own HTTP errors and of the WebSocket error frame.
std::string error_json(const char *code, const std::string &message) {
    return json_text(
        nlohmann::ordered_json{{"type", "error"}, {"code", code}, {"message", message}});
}

} // namespace

HistoryPlugin::HistoryPlugin(const chatd::Host &host)
    : host_(host), settings_(load_settings(host)), append_faults_(host, "messages are stored"),
      read_faults_(host, "history is read"),
      trim_faults_(host, "old messages are deleted", "history outgrows its retention"),
      delete_faults_(host, "deletions are stored", "moderators get errors; the messages stay"),
      store_(std::make_unique<SqliteHistoryStore>(SqliteOptions{
          .path = settings_.database,
          .synchronous = settings_.synchronous,
          .busy_timeout = settings_.busy_timeout,
          .writer = {.max_queue = settings_.max_pending},
          .index_lag_max = settings_.index_lag_max,
      })),
      reads_({.threads = 1,
              .max_waiting = kMaxWaitingReads,
              .at_stop = plugins::WorkerPool::AtStop::Finish,
              .thread_name = "chatd-history-r"}) {
    host_.info("history in " + settings_.database.string());
    if (settings_.retention.keeps_all()) return;
    const auto every = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(settings_.retention_interval)
            .count());
    const auto turn = [](void *self, chatd_timer_id) {
        static_cast<HistoryPlugin *>(self)->start_trim();
    };
    if (host_.start_timer(every, every, turn, this) == 0)
        throw std::runtime_error("cannot start the retention timer");
}

HistoryPlugin::~HistoryPlugin() {
    reads_.stop();
    store_->stop();
}

const std::array<chatd_stage, 5> HistoryPlugin::stages = {
    chatd::stage<&HistoryPlugin::check_join>(CHATD_PHASE_RESOLVE, kJoinTypes),
    chatd::stage<&HistoryPlugin::answer>(CHATD_PHASE_HANDLE, kRequestTypes),
    chatd::stage<&HistoryPlugin::delete_message>(CHATD_PHASE_HANDLE, kDeleteTypes),
    chatd::stage<&HistoryPlugin::commit>(CHATD_PHASE_COMMIT, kMessageTypes),
    chatd::stage<&HistoryPlugin::join>(CHATD_PHASE_COMMIT, kJoinTypes),
};

chatd::Stage HistoryPlugin::commit(chatd::Frame &frame) {
    const std::optional<chatd_message> message = frame.message();
    // Not a room message (another stage's frame type), or one a stage before
    // this one already committed.
    if (!message || message->seq != 0) return chatd::Stage::Continue;
    NewMessage record{.room = view_text(message->room),
                      .from = view_text(message->from),
                      .text = view_text(message->text),
                      .extra_json = view_text(message->extra_json)};
    const chatd_frame_id id = frame.id();
    // Runs on the store's thread once the message is durable or certainly
    // not stored; both resumes are safe from any thread.
    auto done = [host = host_, faults = &append_faults_,
                 id](std::variant<Committed, StoreError> result) {
        if (const auto *committed = std::get_if<Committed>(&result)) {
            faults->worked();
            host.resume_committed(id, committed->seq, committed->ts_ms);
            return;
        }
        const StoreError &error = std::get<StoreError>(result);
        faults->failed(error);
        const Refusal refusal = append_refusal(error);
        host.resume(id, chatd::Stage::Reject, refusal.code, refusal.message);
    };
    if (std::optional<StoreError> refused = store_->append(std::move(record), std::move(done))) {
        append_faults_.failed(*refused);
        const Refusal refusal = append_refusal(*refused);
        return frame.reject(refusal.code, refusal.message);
    }
    return chatd::Stage::Pause;
}

chatd::Stage HistoryPlugin::answer(chatd::Frame &frame) {
    // The host hands stages JSON objects only.
    const nlohmann::json request = nlohmann::json::parse(frame.json());
    try {
        if (frame.type() == "targets") return targets(frame, request);
        if (frame.type() == "deletions") return deletions(frame);
        return history(frame, request);
    } catch (const BadRequest &e) {
        return frame.reject("bad_request", e.what());
    }
}

chatd::Stage HistoryPlugin::history(chatd::Frame &frame, const nlohmann::json &request) {
    Query query = parse_history_request(
        request, {.default_limit = settings_.default_limit, .max_limit = settings_.max_limit});
    if (!may_read(frame.conn(), query.room))
        return frame.reject("not_member", "you are not in room " + query.room);
    if (auto why = host_.check_access(frame.conn(), CHATD_ACTION_READ, query.room))
        return frame.reject("forbidden", *why);
    return read_later(frame, [this, query = std::move(query)] { return read_page(query); });
}

nlohmann::ordered_json HistoryPlugin::read_page(const Query &query) {
    const Page page = store_->query(query);
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    for (const StoredMessage &m : page.messages)
        messages.push_back(message_event(query.room, m));
    return nlohmann::ordered_json{{"type", "history"},
                                  {"room", query.room},
                                  {"messages", std::move(messages)},
                                  {"more", page.more}};
}

const std::array<chatd_http_route, 1> HistoryPlugin::routes = {
    chatd::route<&HistoryPlugin::messages_route>("GET", "/api/v1/rooms/{room}/messages"),
};

void HistoryPlugin::messages_route(chatd::Request &request) {
    const chatd_http_id id = request.id();
    if (!settings_.http)
        return respond_error(id, 404, "not_found", "history over HTTP is switched off");
    Query query;
    try {
        const nlohmann::json fields =
            http_history_request(std::string(request.param("room").value_or("")),
                                 [&request](const char *key) { return request.query(key); });
        query = parse_history_request(
            fields, {.default_limit = settings_.default_limit, .max_limit = settings_.max_limit});
    } catch (const BadRequest &e) {
        return respond_error(id, 400, "bad_request", e.what());
    }
    // HTTP has no membership: whoever the plugins let read a room reads it.
    if (auto why = host_.check_access(request.handle(), CHATD_ACTION_READ, query.room)) {
        if (request.user()) return respond_error(id, 403, "forbidden", *why);
        host_.respond(id, 401,
                      {{"content-type", "application/json"}, {"www-authenticate", "Bearer"}},
                      error_json("not_authenticated", *why));
        return;
    }
    const bool queued =
        submit_read([this, query = std::move(query)] { return read_page(query); },
                    [this, id](const std::string &page) { respond_json(id, 200, page); },
                    [this, id](const StoreError &e, const Refusal &refusal) {
                        respond_error(id, e.fault() == Fault::BadQuery ? 400 : 503, refusal.code,
                                      refusal.message);
                    });
    if (!queued) respond_error(id, 503, "busy", kTooManyReads);
}

void HistoryPlugin::respond_json(chatd_http_id request, uint16_t status,
                                 const std::string &body) const {
    host_.respond(request, status, {{"content-type", "application/json"}}, body);
}

void HistoryPlugin::respond_error(chatd_http_id request, uint16_t status, const char *code,
                                  const std::string &message) const {
    respond_json(request, status, error_json(code, message));
}

chatd::Stage HistoryPlugin::targets(chatd::Frame &frame, const nlohmann::json &request) {
    const auto after = request.find("after_ts");
    if (after == request.end()) throw BadRequest("'after_ts' is missing");
    const std::optional<int64_t> after_ms =
        after->is_string() ? parse_rfc3339_ms(after->get_ref<const std::string &>()) : std::nullopt;
    if (!after_ms)
        throw BadRequest("'after_ts' must be an RFC 3339 time, such as \"2026-12-01T10:00:00Z\"");
    const size_t limit = parse_limit(
        request, {.default_limit = settings_.default_limit, .max_limit = settings_.max_limit});
    return read_later(frame, [this, after_ms, limit, user = host_.user(frame.conn())] {
        const RoomHeads heads = store_->heads_after(*after_ms, limit);
        nlohmann::ordered_json rooms = nlohmann::ordered_json::array();
        for (const RoomHead &head : heads.rooms) {
            // Who talks to whom privately is not for others to list.
            if (plugins::is_dm_room(head.room) && !plugins::is_dm_participant(head.room, user))
                continue;
            rooms.push_back({{"room", head.room},
                             {"seq", head.last_seq},
                             {"ts", rfc3339_ms(head.last_ts_ms)},
                             {"epoch", head.epoch}});
        }
        return nlohmann::ordered_json{
            {"type", "targets"}, {"rooms", std::move(rooms)}, {"more", heads.more}};
    });
}

bool HistoryPlugin::may_read(chatd_conn_id conn, const std::string &room) const {
    if (host_.is_subscribed(conn, room)) return true;
    // A conversation of two is theirs to read from any connection, also one
    // that has not been sent a message of it yet (it cannot be joined).
    if (plugins::is_dm_participant(room, host_.user(conn))) return true;
    for (const std::string &role : settings_.read_roles)
        if (host_.has_role(conn, role)) return true;
    return false;
}

void HistoryPlugin::start_trim() {
    if (trimming_.exchange(true)) return;
    // On the store's thread; the destructor stops the store, which ends a
    // pass (Fault::Unavailable, not worth a line) before this object goes.
    store_->trim(settings_.retention, [this](Trimmed trimmed) {
        if (trimmed.messages > 0)
            host_.info("retention deleted " + std::to_string(trimmed.messages) + " messages in " +
                       std::to_string(trimmed.rooms) + " rooms");
        if (!trimmed.error)
            trim_faults_.worked();
        else if (trimmed.error->fault() != Fault::Unavailable)
            trim_faults_.failed(*trimmed.error);
        trimming_ = false;
    });
}

chatd::Stage HistoryPlugin::read_later(chatd::Frame &frame,
                                       std::function<nlohmann::ordered_json()> read) {
    const chatd_frame_id id = frame.id();
    const bool queued = submit_read(
        std::move(read),
        [this, id](const std::string &answer) { host_.resume_with_reply(id, answer); },
        [this, id](const StoreError &, const Refusal &refusal) {
            host_.resume(id, chatd::Stage::Reject, refusal.code, refusal.message);
        });
    if (!queued) return frame.reject("busy", kTooManyReads);
    return chatd::Stage::Pause;
}

bool HistoryPlugin::submit_read(std::function<nlohmann::ordered_json()> read,
                                std::function<void(const std::string &)> answer,
                                std::function<void(const StoreError &, const Refusal &)> refuse) {
    return reads_.submit(
        [this, read = std::move(read), answer = std::move(answer), refuse = std::move(refuse)] {
            try {
                const std::string text = json_text(read());
                read_faults_.worked();
                answer(text);
            } catch (const StoreError &e) {
                read_faults_.failed(e);
                refuse(e, read_refusal(e));
            }
        });
}

} // namespace chatd::history

namespace {
const char *const kCapabilities[] = {CHATD_CAP_PAUSE, CHATD_CAP_ROOMS, CHATD_CAP_TIMERS, nullptr};
} // namespace

CHATD_PLUGIN(chatd::history::HistoryPlugin, "history", "0.1.0",
             "history: stores every room message in SQLite before it is delivered",
             chatd::history::kOptions.data(),
             static_cast<uint32_t>(chatd::history::kOptions.size()), kCapabilities)
