#include "pipeline/pipeline.hpp"

#include "core/timestamp.hpp"
#include "core/version.hpp"
#include "pipeline/frame_parser.hpp"
#include "pipeline/message_record.hpp"
#include "pipeline/plugin.hpp"

#include <future>
#include <spdlog/spdlog.h>

namespace chatd::pipeline {

namespace {

constexpr size_t kEventsPerLock = 8;

// {"type":"error","id":…,"code":…,"message":…}, the id left out when null.
OutJson error_frame(const nlohmann::json &id, std::string_view code, std::string_view message) {
    OutJson error;
    error["type"] = "error";
    if (!id.is_null()) error["id"] = id;
    error["code"] = code;
    error["message"] = message;
    return error;
}

// The client's "id" of a frame body, or null.
const nlohmann::json &id_in(const nlohmann::json &body) {
    static const nlohmann::json none;
    auto it = body.find("id");
    return it == body.end() ? none : *it;
}

// What a send's result says of the connection. Full: the network closes it
// with 1008; Gone: it is closing already.
void mark_closing_unless_queued(Connection &conn, transport::SendResult result) {
    if (result != transport::SendResult::Queued) conn.closing = true;
}

} // namespace

Pipeline::Pipeline(Options options)
    : options_(std::move(options)), timers_([this] { return now(); }),
      http_routes_(*this, options_.pause_timeout) {}

Pipeline::~Pipeline() { stop(); }

void Pipeline::set_plugins(std::vector<chatd_plugin *> plugins) {
    plugins_ = std::move(plugins);
    stages_ = build_stage_table(plugins_);
}

Timers::Clock::time_point Pipeline::now() const {
    return options_.clock ? options_.clock() : Timers::Clock::now();
}

void Pipeline::fire_due_timers() {
    run_sync([this] { timers_.fire_due(now()); });
}

void Pipeline::start() {
    thread_ = std::thread([this] { loop(); });
}

void Pipeline::run_sync(const std::function<void()> &fn) {
    if (on_pipeline_thread()) return fn();
    // Owned by the event, so an event dropped at the stop deadline breaks the
    // promise instead of leaving the waiter blocked.
    auto done = std::make_shared<std::promise<void>>();
    std::future<void> result = done->get_future();
    auto event = [&fn, done] {
        // The waiter gets fn's exception; the loop would swallow it and never answer.
        try {
            fn();
            done->set_value();
        } catch (...) {
            done->set_exception(std::current_exception());
        }
    };
    // A barrier, so the caller also knows that whatever it queued before has run.
    if (!post_barrier(std::move(event))) return;
    try {
        result.get();
    } catch (const std::future_error &) {
        // Dropped at the stop deadline: fn did not run.
    }
}

void Pipeline::stop(std::optional<std::chrono::steady_clock::time_point> deadline) {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        if (deadline) stop_deadline_ = deadline->time_since_epoch().count();
    }
    cv_.notify_all();
    thread_.join();
}

void Pipeline::close_all_and_shut_down() {
    std::vector<chatd_conn_id> open;
    for (const auto &[id, conn] : conns_)
        open.push_back(id);
    for (chatd_conn_id id : open)
        handle_close(id);
    for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it)
        shutdown_plugin(*it);
}

bool Pipeline::past_stop_deadline() const {
    return std::chrono::steady_clock::now().time_since_epoch().count() >= stop_deadline_;
}

void Pipeline::run_batch(std::deque<std::function<void()>> &batch, size_t &dropped) {
    for (auto &fn : batch) {
        if (past_stop_deadline())
            ++dropped;
        else
            run_event(fn);
    }
    batch.clear();
}

bool Pipeline::enqueue(const std::function<void(EventQueue &)> &push) {
    {
        std::lock_guard lock(mu_);
        if (!accepting_) return false;
        push(queue_);
    }
    cv_.notify_one();
    return true;
}

bool Pipeline::post(std::function<void()> fn) {
    return enqueue([&](EventQueue &queue) { queue.push(std::move(fn)); });
}

bool Pipeline::post_barrier(std::function<void()> fn) {
    return enqueue([&](EventQueue &queue) { queue.push_barrier(std::move(fn)); });
}

bool Pipeline::post(Lane lane, std::function<void()> fn) {
    return enqueue([&](EventQueue &queue) { queue.push(lane, std::move(fn)); });
}

void Pipeline::run_event(const std::function<void()> &fn) {
    // A host bug in one event must not end every connection with the process.
    try {
        fn();
    } catch (const std::exception &e) {
        spdlog::error("internal error in the pipeline: {}", e.what());
    }
}

void Pipeline::loop() {
    size_t dropped = 0;
    std::deque<std::function<void()>> batch;
    for (;;) {
        {
            std::unique_lock lock(mu_);
            auto ready = [this] { return !queue_.empty() || stopping_; };
            auto due = timers_.next_due();
            if (due && !options_.clock)
                cv_.wait_until(lock, *due, ready);
            else
                cv_.wait(lock, ready);
            if (stopping_ && (queue_.empty() || past_stop_deadline())) break;
            // Few at a time: an event queued meanwhile by a client whose turn
            // comes soon must not wait behind a long batch of others'.
            queue_.take(batch, kEventsPerLock);
        }
        run_batch(batch, dropped);
        if (!options_.clock) run_event([this] { timers_.fire_due(now()); });
    }
    // What is still queued at the deadline is dropped; the plugins are still
    // told about every connection and shut down, then whatever those hooks
    // posted runs, while the deadline allows.
    {
        std::lock_guard lock(mu_);
        queue_.take(batch, SIZE_MAX);
    }
    run_batch(batch, dropped);
    run_event([this] { close_all_and_shut_down(); });
    {
        std::lock_guard lock(mu_);
        accepting_ = false;
        queue_.take(batch, SIZE_MAX);
    }
    run_batch(batch, dropped);
    if (dropped > 0) spdlog::warn("shutdown timeout: dropped {} queued pipeline events", dropped);
}

// ---- Events from the I/O thread ----

void Pipeline::on_open(chatd_conn_id conn, std::string remote) {
    post(Lane{Lane::Kind::Connection, conn}, [this, conn, remote = std::move(remote)]() mutable {
        handle_open(conn, std::move(remote));
    });
}

void Pipeline::on_message(chatd_conn_id conn, std::string data, bool binary) {
    post(Lane{Lane::Kind::Connection, conn},
         [this, conn, data = std::move(data), binary]() mutable {
             handle_message(conn, std::move(data), binary);
         });
}

void Pipeline::on_close(chatd_conn_id conn) {
    post(Lane{Lane::Kind::Connection, conn}, [this, conn] { handle_close(conn); });
}

void Pipeline::handle_open(chatd_conn_id conn, std::string remote) {
    TokenBucket bucket(options_.rate_limit_per_second, options_.rate_limit_burst, now());
    auto [it, fresh] =
        conns_.try_emplace(conn, std::make_unique<Connection>(conn, std::move(remote), bucket));
    if (!fresh) {
        spdlog::error("conn {} opened twice; ignoring the second open", conn);
        return;
    }
    Connection &c = *it->second;
    c.user = "guest-" + std::to_string(conn);
    std::unique_ptr<HandshakeState> handshake = take_handshake(conn);
    if (handshake && (handshake->refused || !handshake->pending.empty())) {
        c.held = true;
        c.handshake = std::move(handshake);
        if (c.handshake->refused)
            return refuse_held(c, c.handshake->http_status, c.handshake->reason);
        spdlog::debug("conn {} from {} held until its handshake is decided", conn, c.remote);
        c.hold_timer = timers_.start(this, options_.pause_timeout, {}, [this, conn](uint64_t) {
            if (Connection *held = connection(conn); held && held->held)
                refuse_held(*held, 408, "handshake not decided in time");
        });
        return;
    }
    greet(c, handshake.get());
}

void Pipeline::greet(Connection &c, const HandshakeState *handshake) {
    const chatd_conn_id conn = c.id;
    bool known = handshake && handshake->user;
    if (known) c.user = *handshake->user;
    if (handshake) c.roles = handshake->roles;
    for (chatd_plugin *p : plugins_) {
        if (!p->active || !gates_readiness(p)) continue;
        bool opened =
            handshake && std::find(handshake->opened_gates.begin(), handshake->opened_gates.end(),
                                   p) != handshake->opened_gates.end();
        if (!opened) c.gates.push_back(p);
    }
    spdlog::debug("conn {} opened from {} as {}", conn, c.remote, c.user);

    OutJson hello;
    hello["type"] = "hello";
    // Until a gate opens, the guest name is a placeholder, not an identity.
    if (c.gates.empty() || known) hello["user"] = c.user;
    hello["conn"] = conn;
    hello["protocol"] = kProtocolVersion;
    hello["server"] = std::string("chatd ") + kVersion;
    hello["ready"] = c.gates.empty();
    send(conn, to_text(hello));
    for (chatd_plugin *p : plugins_)
        if (p->active && p->descriptor.on_open && !built_for_1_0(p))
            guarded(p, "on_open", [&] { p->descriptor.on_open(p->state, conn); });
    // A hook may have closed it, or already let it in.
    if (Connection *still = connection(conn); still && still->gates.empty() && !still->ready)
        become_ready(*still);
}

bool Pipeline::set_ready(chatd_plugin *plugin, Connection &conn) {
    if (!gates_readiness(plugin)) return false;
    std::erase(conn.gates, plugin);
    if (conn.gates.empty() && !conn.ready) become_ready(conn);
    return true;
}

void Pipeline::set_user(Connection &conn, std::string user) {
    // Only ready connections are indexed: one not let in yet must not be
    // reachable by name (a direct message to the user it claims to be).
    if (conn.ready) users_.remove(conn.user, conn.id);
    conn.user = std::move(user);
    if (conn.ready) users_.add(conn.user, conn.id);
}

void Pipeline::become_ready(Connection &conn) {
    conn.ready = true;
    users_.add(conn.user, conn.id);
    const chatd_conn_id id = conn.id;
    spdlog::debug("conn {} ready as {}", id, conn.user);
    for (chatd_plugin *p : plugins_) {
        // Each hook may close the connection; the rest then have nothing to greet.
        if (!connection(id)) return;
        if (!p->active) continue;
        if (built_for_1_0(p) && p->descriptor.on_open)
            guarded(p, "on_open", [&] { p->descriptor.on_open(p->state, id); });
        else if (p->descriptor.on_ready)
            guarded(p, "on_ready", [&] { p->descriptor.on_ready(p->state, id); });
    }
}

void Pipeline::handle_message(chatd_conn_id conn, std::string data, bool binary) {
    Connection *c = connection(conn);
    if (!c) return;
    if (c->closing) {
        transport_->frame_done(conn);
        return;
    }
    bool allowed = c->bucket.take(now());
    auto parsed = parse_client_frame(data, binary);
    auto *error = std::get_if<FrameError>(&parsed);
    if (!allowed || error) {
        const nlohmann::json &id = error ? error->id : id_in(std::get<nlohmann::json>(parsed));
        if (!allowed)
            rate_limited(*c, id);
        else
            send_error(conn, id, error->code, error->message);
        transport_->frame_done(conn);
        return;
    }
    c->rate_warned = false;
    auto frame = std::make_unique<chatd_frame>();
    frame->id = next_frame_++;
    frame->conn = conn;
    frame->owner = c;
    frame->body = std::move(std::get<nlohmann::json>(parsed));
    c->queue.push_back(std::move(frame));
    drain(*c);
}

void Pipeline::rate_limited(Connection &conn, const nlohmann::json &id) {
    if (conn.rate_warned) return;
    conn.rate_warned = true;
    OutJson error = error_frame(
        id, "rate_limited", "too many frames; frames are dropped until retry_after_ms has passed");
    error["retry_after_ms"] = conn.bucket.retry_after(now()).count();
    answer(conn.id, to_text(error));
}

void Pipeline::handle_close(chatd_conn_id conn) {
    Connection *c = connection(conn);
    if (!c) return;
    if (c->held) {
        // Never opened: no plugin has heard of it.
        timers_.cancel(this, c->hold_timer);
        conns_.erase(conn);
        return;
    }
    for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
        chatd_plugin *p = *it;
        if (!p->active || !p->descriptor.on_close) continue;
        if (built_for_1_0(p) && !c->ready) continue; // it never got on_open
        guarded(p, "on_close", [&] { p->descriptor.on_close(p->state, conn); });
    }
    if (c->paused) close_paused(*c);
    if (c->ready) users_.remove(c->user, conn);
    subs_.drop_connection(conn);
    conns_.erase(conn);
    spdlog::debug("conn {} closed", conn);
}

// ---- Stages ----

void Pipeline::drain(Connection &conn) {
    while (!conn.paused && !conn.held && !conn.queue.empty()) {
        if (conn.closing) {
            conn.queue.pop_front();
            transport_->frame_done(conn.id);
            continue;
        }
        chatd_frame &frame = *conn.queue.front();
        if (!run_stages(conn, frame)) return pause(conn, frame);
        conn.queue.pop_front();
        transport_->frame_done(conn.id);
    }
}

bool Pipeline::run_stages(Connection &conn, chatd_frame &frame) {
    for (size_t i = frame.next_stage; i < stages_.size(); ++i) {
        // An earlier stage may have closed the connection: what is left of
        // the frame would act for a client that is being cut off.
        if (conn.closing) return true;
        const StageEntry &stage = stages_[i];
        chatd_plugin *p = stage.plugin;
        // The type is read afresh for each stage: an earlier one may have rewritten it.
        if (!p->active ||
            !stage.sees(frame.body["type"].get_ref<const std::string &>(), conn.ready))
            continue;
        chatd_stage_status status = CHATD_STAGE_REJECT;
        if (!guarded(p, "on_frame", [&] { status = stage.on_frame(p->state, &frame); })) {
            frame.error_code = "internal";
            frame.error_message = "internal error";
        }
        frame.json_cache.clear();
        frame.message_cache.clear();
        switch (status) {
        case CHATD_STAGE_CONTINUE: continue;
        case CHATD_STAGE_PAUSE:
            frame.next_stage = i + 1;
            frame.paused_by = p;
            return false;
        case CHATD_STAGE_HANDLED:
        case CHATD_STAGE_REJECT: finish(conn, frame, p, status); return true;
        default:
            spdlog::error("[{}] on_frame returned unknown status {}", p->name, status);
            frame.error_code = "internal";
            frame.error_message = "internal error";
            finish(conn, frame, p, CHATD_STAGE_REJECT);
            return true;
        }
    }
    frame.next_stage = stages_.size();
    if (!conn.closing) terminal(conn, frame);
    return true;
}

void Pipeline::finish(Connection &conn, chatd_frame &frame, chatd_plugin *by,
                      chatd_stage_status status) {
    if (status != CHATD_STAGE_REJECT) {
        if (!frame.answer.is_null()) reply(frame, frame.answer);
        return;
    }
    std::string code = frame.error_code.empty() ? "internal" : frame.error_code;
    std::string message =
        frame.error_message.empty() ? "rejected by plugin " + by->name : frame.error_message;
    send_error(conn.id, id_in(frame.body), code, message);
}

// ---- The terminal: what happens after the last stage continues ----

void Pipeline::terminal(Connection &conn, chatd_frame &frame) {
    const std::string &type = frame.body["type"].get_ref<const std::string &>();
    if (type == "ping") return reply(frame, OutJson{{"type", "pong"}});
    if (!conn.ready)
        return send_error(conn.id, id_in(frame.body), "not_authenticated",
                          "authenticate first: this connection is not ready");
    if (frame.message.marked) return deliver_message(conn, frame);
    if (!frame.answer.is_null()) return reply(frame, frame.answer);
    // A type is a whole message long at most: echoing a long one would make
    // every such frame an answer as large as itself.
    constexpr size_t kEchoedTypeBytes = 64;
    send_error(conn.id, id_in(frame.body), "unknown_type",
               type.size() <= kEchoedTypeBytes
                   ? "unknown type '" + type + "'"
                   : "unknown type (over " + std::to_string(kEchoedTypeBytes) + " bytes)");
}

void Pipeline::deliver_message(Connection &conn, chatd_frame &frame) {
    auto room_field = frame.body.find("room");
    if (room_field == frame.body.end() || !room_field->is_string()) {
        spdlog::error("message frame {} lost its room after it was marked", frame.id);
        return send_error(conn.id, id_in(frame.body), "internal", "internal error");
    }
    const std::string room = room_field->get<std::string>();
    if (!frame.message.seq) commit_message(frame, conn.user, subs_.next_seq(room), unix_ms_now());
    publish_committed(frame);
    OutJson ack{{"type", "ack"}, {"room", room}, {"seq", frame.message.seq}};
    // The same ts the room saw, so a client can place its own message without waiting for it.
    ack["ts"] = rfc3339_ms(frame.message.ts_ms);
    reply(frame, ack);
}

void Pipeline::publish_committed(const chatd_frame &frame) {
    const std::string &room = string_field(frame.body, "room");
    subs_.observe_seq(room, frame.message.seq);
    subs_.deliver(room, frame.message.seq, [&](chatd_conn_id member) {
        if (Connection *c = connection(member)) {
            fanout_.ids.push_back(member);
            fanout_.conns.push_back(c);
        }
    });
    fan_out(transport::make_payload(frame.message.committed_json));
}

void Pipeline::fan_out(const transport::PayloadPtr &payload) {
    transport_->send_many(fanout_.ids, payload, transport::Traffic::Unsolicited, fanout_.results);
    for (size_t i = 0; i < fanout_.results.size(); ++i)
        mark_closing_unless_queued(*fanout_.conns[i], fanout_.results[i]);
    fanout_.ids.clear();
    fanout_.conns.clear();
}

// ---- Services ----

Connection *Pipeline::connection(chatd_conn_id conn) {
    auto it = conns_.find(conn);
    return it == conns_.end() ? nullptr : it->second.get();
}

transport::SendResult Pipeline::send(chatd_conn_id conn, const std::string &text) {
    Connection *c = connection(conn);
    if (!c) return transport::SendResult::Gone;
    return send_payload(*c, transport::make_payload(text), transport::Traffic::Unsolicited);
}

transport::SendResult Pipeline::send_payload(Connection &conn, transport::PayloadPtr payload,
                                             transport::Traffic traffic) {
    const transport::SendResult result = transport_->send(conn.id, std::move(payload), traffic);
    mark_closing_unless_queued(conn, result);
    return result;
}

void Pipeline::publish(std::string_view room, const std::string &text, chatd_conn_id exclude) {
    for (chatd_conn_id member : subs_.members(room))
        if (member != exclude)
            if (Connection *c = connection(member)) {
                fanout_.ids.push_back(member);
                fanout_.conns.push_back(c);
            }
    fan_out(transport::make_payload(text));
}

void Pipeline::reply(const chatd_frame &frame, const OutJson &body) {
    const nlohmann::json &id = id_in(frame.body);
    if (id.is_null()) return answer(frame.conn, to_text(body));
    OutJson out;
    if (auto type = body.find("type"); type != body.end()) out["type"] = *type;
    out["id"] = id;
    for (const auto &[key, value] : body.items())
        if (key != "type" && key != "id") out[key] = value;
    answer(frame.conn, to_text(out));
}

void Pipeline::send_error(chatd_conn_id conn, const nlohmann::json &id, std::string_view code,
                          std::string_view message) {
    answer(conn, to_text(error_frame(id, code, message)));
}

void Pipeline::answer(chatd_conn_id conn, const std::string &text) {
    Connection *c = connection(conn);
    if (!c) return;
    // The frame that asked paid one token; an answer many times its size
    // (a long listing, a huge echoed id) would otherwise let a client make
    // the server build and queue far more than it sends.
    c->bucket.charge(static_cast<double>(text.size() / options_.reply_cost_bytes), now());
    send_payload(*c, transport::make_payload(text), transport::Traffic::Reply);
}

void Pipeline::close(chatd_conn_id conn, uint16_t code, std::string reason) {
    if (Connection *c = connection(conn)) c->closing = true;
    transport_->close(conn, code, std::move(reason));
}

void Pipeline::shutdown_plugin(chatd_plugin *plugin) {
    if (!plugin->active) return;
    timers_.cancel_all(plugin);
    plugin->active = false;
    for (auto &[id, conn] : conns_)
        conn->plugin_data.erase(plugin);
    if (plugin->descriptor.on_shutdown)
        guarded(plugin, "on_shutdown", [&] { plugin->descriptor.on_shutdown(plugin->state); });
    plugin->state = nullptr;
    http_routes_.drop_plugin(plugin);
    spdlog::info("plugin {} shut down", plugin->name);
}

} // namespace chatd::pipeline
