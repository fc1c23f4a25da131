#include "pipeline/pipeline.hpp"

#include "core/timestamp.hpp"
#include "core/version.hpp"
#include "pipeline/frame_parser.hpp"
#include "pipeline/plugin.hpp"

#include <future>
#include <spdlog/spdlog.h>

namespace chatd::pipeline {

namespace {

// A hook that throws across the C boundary is a plugin bug; the SDK already
// catches, this is the host's own guard for plugins written without it.
template <class F> bool guarded(const chatd_plugin *plugin, const char *hook, F &&fn) {
    try {
        fn();
        return true;
    } catch (const std::exception &e) {
        spdlog::error("[{}] {} threw: {}", plugin->name, hook, e.what());
    } catch (...) {
        spdlog::error("[{}] {} threw a non-standard exception", plugin->name, hook);
    }
    return false;
}

// The client's "id" of a frame body, or null.
const nlohmann::json &id_in(const nlohmann::json &body) {
    static const nlohmann::json none;
    auto it = body.find("id");
    return it == body.end() ? none : *it;
}

} // namespace

Pipeline::Pipeline(Options options) : options_(options) {}

Pipeline::~Pipeline() { stop(); }

void Pipeline::set_plugins(std::vector<chatd_plugin *> plugins) {
    plugins_ = std::move(plugins);
    stages_.clear();
    for (chatd_plugin *p : plugins_)
        if (p->descriptor.on_frame) stages_.push_back(p);
}

void Pipeline::start() {
    thread_ = std::thread([this] { loop(); });
}

void Pipeline::run_sync(const std::function<void()> &fn) {
    if (on_pipeline_thread()) return fn();
    std::promise<void> done;
    if (!post([&] {
            fn();
            done.set_value();
        }))
        return;
    done.get_future().wait();
}

void Pipeline::stop() {
    if (!thread_.joinable()) return;
    run_sync([this] {
        std::vector<chatd_conn_id> open;
        for (const auto &[id, conn] : conns_)
            open.push_back(id);
        for (chatd_conn_id id : open)
            handle_close(id);
        for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it)
            shutdown_plugin(*it);
    });
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
        accepting_ = false;
    }
    cv_.notify_all();
    thread_.join();
}

bool Pipeline::post(std::function<void()> fn) {
    {
        std::lock_guard lock(mu_);
        if (!accepting_) return false;
        events_.push_back(std::move(fn));
    }
    cv_.notify_one();
    return true;
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
    for (;;) {
        std::deque<std::function<void()>> batch;
        {
            std::unique_lock lock(mu_);
            auto ready = [this] { return !events_.empty() || stopping_; };
            if (auto due = timers_.next_due())
                cv_.wait_until(lock, *due, ready);
            else
                cv_.wait(lock, ready);
            if (events_.empty() && stopping_) return;
            batch.swap(events_);
        }
        for (auto &fn : batch)
            run_event(fn);
        run_event([this] { timers_.fire_due(Timers::Clock::now()); });
    }
}

// ---- Events from the I/O thread ----

void Pipeline::on_open(chatd_conn_id conn, std::string remote) {
    post([this, conn, remote = std::move(remote)]() mutable {
        handle_open(conn, std::move(remote));
    });
}

void Pipeline::on_message(chatd_conn_id conn, std::string data, bool binary) {
    post([this, conn, data = std::move(data), binary]() mutable {
        handle_message(conn, std::move(data), binary);
    });
}

void Pipeline::on_close(chatd_conn_id conn) {
    post([this, conn] { handle_close(conn); });
}

void Pipeline::handle_open(chatd_conn_id conn, std::string remote) {
    auto [it, fresh] =
        conns_.try_emplace(conn, std::make_unique<Connection>(conn, std::move(remote), options_));
    if (!fresh) {
        spdlog::error("conn {} opened twice; ignoring the second open", conn);
        return;
    }
    Connection &c = *it->second;
    c.user = "guest-" + std::to_string(conn);
    spdlog::debug("conn {} opened from {} as {}", conn, c.remote, c.user);

    OutJson hello;
    hello["type"] = "hello";
    hello["user"] = c.user;
    hello["conn"] = conn;
    hello["protocol"] = kProtocolVersion;
    hello["server"] = std::string("chatd ") + kVersion;
    send(conn, to_text(hello));
    for (chatd_plugin *p : plugins_)
        if (p->active && p->descriptor.on_open)
            guarded(p, "on_open", [&] { p->descriptor.on_open(p->state, conn); });
}

void Pipeline::handle_message(chatd_conn_id conn, std::string data, bool binary) {
    Connection *c = connection(conn);
    if (!c) return;
    bool allowed = c->bucket.take();
    auto parsed = parse_client_frame(data, binary);
    auto *error = std::get_if<FrameError>(&parsed);
    if (!allowed || error) {
        // A dropped frame still gets exactly one answer, with its id when it had one.
        const nlohmann::json &id = error ? error->id : id_in(std::get<nlohmann::json>(parsed));
        if (!allowed)
            send_error(conn, id, "rate_limited", "too many frames; slow down");
        else
            send_error(conn, id, error->code, error->message);
        transport_->frame_done(conn);
        return;
    }
    auto frame = std::make_unique<chatd_frame>();
    frame->id = next_frame_++;
    frame->conn = conn;
    frame->body = std::move(std::get<nlohmann::json>(parsed));
    c->queue.push_back(std::move(frame));
    drain(*c);
}

void Pipeline::handle_close(chatd_conn_id conn) {
    Connection *c = connection(conn);
    if (!c) return;
    for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
        chatd_plugin *p = *it;
        if (p->active && p->descriptor.on_close)
            guarded(p, "on_close", [&] { p->descriptor.on_close(p->state, conn); });
    }
    if (c->paused) {
        // Its resume, whenever it comes, finds nothing and is dropped.
        paused_.erase(c->queue.front()->id);
        timers_.cancel(this, c->pause_timer);
    }
    subs_.drop_connection(conn);
    conns_.erase(conn);
    spdlog::debug("conn {} closed", conn);
}

// ---- Stages ----

void Pipeline::drain(Connection &conn) {
    while (!conn.paused && !conn.queue.empty()) {
        chatd_frame &frame = *conn.queue.front();
        if (!run_stages(conn, frame)) {
            conn.paused = true;
            paused_.emplace(frame.id, conn.id);
            chatd_conn_id cid = conn.id;
            chatd_frame_id fid = frame.id;
            conn.pause_timer =
                timers_.start(this, options_.pause_timeout, {},
                              [this, cid, fid](uint64_t) { pause_expired(cid, fid); });
            return;
        }
        conn.queue.pop_front();
        transport_->frame_done(conn.id);
    }
}

bool Pipeline::run_stages(Connection &conn, chatd_frame &frame) {
    for (size_t i = frame.next_stage; i < stages_.size(); ++i) {
        chatd_plugin *p = stages_[i];
        if (!p->active) continue;
        chatd_stage_status status = CHATD_STAGE_REJECT;
        if (!guarded(p, "on_frame", [&] { status = p->descriptor.on_frame(p->state, &frame); })) {
            frame.error_code = "internal";
            frame.error_message = "internal error";
        }
        frame.json_cache.clear();
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
    terminal(conn, frame);
    return true;
}

void Pipeline::finish(Connection &conn, chatd_frame &frame, chatd_plugin *by,
                      chatd_stage_status status) {
    if (status != CHATD_STAGE_REJECT) return;
    std::string code = frame.error_code.empty() ? "internal" : frame.error_code;
    std::string message =
        frame.error_message.empty() ? "rejected by plugin " + by->name : frame.error_message;
    send_error(conn.id, id_in(frame.body), code, message);
}

void Pipeline::resume(chatd_plugin *plugin, chatd_frame_id frame, chatd_stage_status status,
                      std::string code, std::string message) {
    post([=, this, code = std::move(code), message = std::move(message)]() mutable {
        handle_resume(plugin, frame, status, std::move(code), std::move(message));
    });
}

void Pipeline::handle_resume(chatd_plugin *plugin, chatd_frame_id frame_id,
                             chatd_stage_status status, std::string code, std::string message) {
    auto it = paused_.find(frame_id);
    if (it == paused_.end()) {
        spdlog::debug("[{}] resume of frame {} dropped: its connection is gone", plugin->name,
                      frame_id);
        return;
    }
    Connection *conn = connection(it->second);
    chatd_frame &frame = *conn->queue.front();
    if (frame.paused_by != plugin) {
        spdlog::error("[{}] tried to resume frame {} that plugin {} paused", plugin->name, frame_id,
                      frame.paused_by->name);
        return;
    }
    paused_.erase(it);
    timers_.cancel(this, conn->pause_timer);
    conn->paused = false;
    frame.paused_by = nullptr;
    if (status != CHATD_STAGE_CONTINUE) {
        frame.error_code = std::move(code);
        frame.error_message = std::move(message);
        finish(*conn, frame, plugin, status);
        conn->queue.pop_front();
        transport_->frame_done(conn->id);
    }
    // CONTINUE leaves the frame at the front with next_stage set, so drain
    // carries it on from the stage after the one that paused it.
    drain(*conn);
}

void Pipeline::pause_expired(chatd_conn_id conn, chatd_frame_id frame) {
    Connection *c = connection(conn);
    if (!c || !c->paused || c->queue.front()->id != frame) return;
    chatd_plugin *by = c->queue.front()->paused_by;
    spdlog::error("[{}] did not resume frame {} within {} ms; answering internal", by->name, frame,
                  options_.pause_timeout.count());
    handle_resume(by, frame, CHATD_STAGE_REJECT, "internal", "timed out waiting for " + by->name);
}

// ---- The terminal: what happens after the last stage continues ----

void Pipeline::terminal(Connection &conn, chatd_frame &frame) {
    const std::string &type = frame.body["type"].get_ref<const std::string &>();
    if (type == "message") return publish_message(conn, frame);
    if (type == "ping") return reply(frame, OutJson{{"type", "pong"}});
    send_error(conn.id, id_in(frame.body), "unknown_type", "unknown type '" + type + "'");
}

void Pipeline::publish_message(Connection &conn, chatd_frame &frame) {
    const auto &body = frame.body;
    auto room = body.find("room");
    if (room == body.end() || !room->is_string() || room->get_ref<const std::string &>().empty())
        return send_error(conn.id, id_in(frame.body), "bad_request",
                          "'room' must be a non-empty string");
    auto text = body.find("text");
    if (text == body.end() || !text->is_string())
        return send_error(conn.id, id_in(frame.body), "bad_request", "'text' must be a string");
    const std::string &room_name = room->get_ref<const std::string &>();

    // A stage (e.g. storage) may have chosen the seq; otherwise the room's counter does.
    uint64_t seq;
    auto stage_seq = body.find("seq");
    if (stage_seq != body.end() && stage_seq->is_number_unsigned()) {
        seq = stage_seq->get<uint64_t>();
        subs_.observe_seq(room_name, seq);
    } else {
        seq = subs_.next_seq(room_name);
    }

    OutJson message;
    message["type"] = "message";
    message["room"] = room_name;
    message["seq"] = seq;
    message["from"] = conn.user;
    message["text"] = *text;
    message["ts"] = rfc3339_ms(std::chrono::system_clock::now());
    publish(room_name, to_text(message), 0);
    reply(frame, OutJson{{"type", "ack"}, {"room", room_name}, {"seq", seq}});
}

// ---- Services ----

Connection *Pipeline::connection(chatd_conn_id conn) {
    auto it = conns_.find(conn);
    return it == conns_.end() ? nullptr : it->second.get();
}

bool Pipeline::send(chatd_conn_id conn, const std::string &text) {
    if (!connection(conn)) return false;
    return transport_->send(conn, transport::make_payload(text));
}

void Pipeline::publish(std::string_view room, const std::string &text, chatd_conn_id exclude) {
    transport::PayloadPtr payload = transport::make_payload(text);
    for (chatd_conn_id member : subs_.members(room))
        if (member != exclude) transport_->send(member, payload);
}

void Pipeline::reply(const chatd_frame &frame, const OutJson &body) {
    const nlohmann::json &id = id_in(frame.body);
    if (id.is_null()) {
        send(frame.conn, to_text(body));
        return;
    }
    OutJson out;
    if (auto type = body.find("type"); type != body.end()) out["type"] = *type;
    out["id"] = id;
    for (const auto &[key, value] : body.items())
        if (key != "type" && key != "id") out[key] = value;
    send(frame.conn, to_text(out));
}

void Pipeline::send_error(chatd_conn_id conn, const nlohmann::json &id, std::string_view code,
                          std::string_view message) {
    OutJson error;
    error["type"] = "error";
    if (!id.is_null()) error["id"] = id;
    error["code"] = code;
    error["message"] = message;
    send(conn, to_text(error));
}

void Pipeline::close(chatd_conn_id conn, uint16_t code, std::string reason) {
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
    spdlog::info("plugin {} shut down", plugin->name);
}

} // namespace chatd::pipeline
