#include "net/event_loop.hpp"

#include "core/fifo.hpp"
#include "http/url_decoding.hpp"
#include "net/http_request_head.hpp"
#include "net/http_writer.hpp"
#include "net/websocket_key.hpp"
#include "transport/close_codes.hpp"

#include <algorithm>
#include <cstring>
#include <spdlog/spdlog.h>
#include <utility>

namespace chatd::net {

namespace {

// libwebsockets' own RFC 7692 implementation, with its default parameters.
const lws_extension kDeflate[] = {
    {"permessage-deflate", lws_extension_callback_pm_deflate, "permessage-deflate"},
    {nullptr, nullptr, nullptr},
};

// RFC 7231 §6.5.15; libwebsockets 4.1.6 has no name for it.
constexpr unsigned kUpgradeRequired = 426;

void lws_to_spdlog(int level, const char *line) {
    std::string_view text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.remove_suffix(1);
    if (level & LLL_ERR)
        spdlog::error("libwebsockets: {}", text);
    else
        spdlog::warn("libwebsockets: {}", text);
}

// A WebSocket upgrade as handshake hooks see it: the request as HTTP routes
// see it, plus the query decoded by libwebsockets.
transport::UpgradeRequest upgrade_request(lws *wsi, chatd_conn_id conn,
                                          const std::vector<std::string> &custom_headers) {
    transport::HttpRequest http = read_request(wsi, custom_headers);
    transport::UpgradeRequest r;
    r.conn = conn;
    r.method = "GET"; // RFC 6455 §4.1: an opening handshake is a GET
    r.path = header_value(wsi, WSI_TOKEN_GET_URI);
    r.headers = std::move(http.headers);
    for (std::string &arg : query_fragments(wsi)) {
        const size_t eq = arg.find('=');
        if (eq == std::string::npos)
            r.query_args.emplace_back(std::move(arg), "");
        else
            r.query_args.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
    }
    r.query = http::join_query(r.query_args);
    r.remote_address = std::move(http.remote_address);
    r.tls = http.tls;
    return r;
}

// Sets the close frame libwebsockets sends when the callback then returns -1.
int close_with(lws *wsi, uint16_t code, std::string_view reason) {
    reason = reason.substr(0, 123); // a control frame carries 125 bytes, 2 of them the code
    // lws_close_reason only copies from the buffer; its parameter is not const.
    auto *bytes = reinterpret_cast<unsigned char *>(const_cast<char *>(reason.data()));
    lws_close_reason(wsi, static_cast<lws_close_status>(code), bytes, reason.size());
    return -1;
}

// lws 4.1.6 echoes a client's close payload. It turns some forbidden codes
// into 1002 before this sees them (1012-1014 as well, which IANA has since
// assigned; this cannot tell those from a real 1002), but a one-byte payload
// or a code of 5000 and above would go back as sent.
int answer_peer_close(lws *wsi, const void *in, size_t len) {
    if (transport::is_valid_close_payload({static_cast<const char *>(in), len})) return 0;
    return close_with(wsi, LWS_CLOSE_STATUS_PROTOCOL_ERR, "invalid close frame");
}

} // namespace

struct EventLoop::Connection {
    Connection(chatd_conn_id id_, lws *wsi_, size_t queue_limit)
        : id(id_), wsi(wsi_), outbox(queue_limit) {}

    const chatd_conn_id id;
    lws *wsi;      // I/O thread only
    Outbox outbox; // pipeline pushes, I/O thread pops
    // The sizes of this connection's messages in the pipeline, oldest first
    // (the pipeline finishes them in order), and their sum.
    std::mutex input_mu;
    Fifo<size_t> input;
    size_t input_bytes = 0;
    // I/O thread only:
    bool reading_paused = false;
    bool shed = false;        // closed for the input budget: what it still sends is dropped
    bool close_timed = false; // close_timeout_seconds is running
    lws_usec_t heard = 0;     // the last data frame or pong
    lws_usec_t pinged = 0;    // the last ping sent
    bool ping_due = false;    // the next writable callback sends a ping
    bool in_message = false;
    bool message_binary = false;
    // permessage-deflate: libwebsockets frames (and compresses) each message.
    bool deflate = false;
    // libwebsockets has the close frame: writable callbacks have nothing more to do.
    bool close_handed = false;
    std::string message;
};

EventLoop::EventLoop(const config::ServerConfig &config, transport::Inbound &inbound,
                     Admission &admission, unsigned index, unsigned count)
    : config_(config), inbound_(inbound), admission_(admission), input_(config.input_queue_bytes),
      ids_(index, count) {}

EventLoop::~EventLoop() {
    destroy_context();
    if (spare_fd_ >= 0) ::close(spare_fd_);
}

void EventLoop::destroy_context() {
    lws_context *context = nullptr;
    {
        std::lock_guard lock(context_mu_);
        context = std::exchange(context_, nullptr);
    }
    // Outside the lock: destroying closes the remaining clients, and the
    // HttpInbound told about that may answer other requests, which wakes.
    if (context) lws_context_destroy(context);
}

bool EventLoop::start(unsigned fd_limit, uint16_t port, std::string &error) {
    lws_set_log_level(LLL_ERR | LLL_WARN, lws_to_spdlog);

    protocols_[0].name = "chatd";
    protocols_[0].callback = &EventLoop::callback;
    protocols_[0].per_session_data_size = sizeof(Session);
    // The receive buffer bounds one RECEIVE callback, not a message; messages
    // are reassembled and capped in receive().
    protocols_[0].rx_buffer_size = kReceiveBufferBytes;
    // Otherwise the receive buffer would also bound each send.
    protocols_[0].tx_packet_size = kIoBufferBytes;
    protocols_[1] = {};

    lws_context_creation_info info{};
    // chatd listens itself (open_listener) and hands lws each accepted socket.
    info.port = CONTEXT_PORT_NO_LISTEN_SERVER;
    info.protocols = protocols_;
    info.user = this;
    info.retry_and_idle_policy = &retry_;
    info.options = LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
    if (config_.permessage_deflate) info.extensions = kDeflate;
    if (config_.host.find(':') != std::string::npos)
        info.options &= ~LWS_SERVER_OPTION_DISABLE_IPV6;
    info.count_threads = 1;
    // A table as large as the open-file limit: libwebsockets then finds a
    // socket's lws by indexing, not by a linear search, and never fails to
    // take a socket for want of room in it (Admission refuses first, with 503).
    info.fd_limit_per_thread = fd_limit;
    // A new socket holds a header buffer from the start; without its complete
    // request within this time libwebsockets closes it (a slowloris).
    info.timeout_secs_ah_idle = static_cast<int>(config_.handshake_timeout_seconds);

    context_ = lws_create_context(&info);
    vhost_ = context_ ? lws_get_vhost_by_name(context_, "default") : nullptr;
    if (!vhost_) {
        error = "cannot create the libwebsockets context";
        return false;
    }
    return open_listener(port, error);
}

void EventLoop::run() {
    idle_sweep_.owner = this;
    lws_sul_schedule(context_, 0, &idle_sweep_.sul, &EventLoop::sweep, kSweepInterval);
    while (!done_) {
        if (lws_service(context_, 0) < 0) break;
        if (stopping_ && still_open() == 0) done_ = true;
    }
    lws_sul_cancel(&deadline_.sul);
    lws_sul_cancel(&accept_pause_.sul);
    lws_sul_cancel(&idle_sweep_.sul);
    destroy_context();
}

void EventLoop::request_stop() {
    stop_requested_ = true;
    interrupt_service();
}

std::shared_ptr<EventLoop::Connection> EventLoop::find(chatd_conn_id conn) {
    std::lock_guard lock(table_mu_);
    auto it = table_.find(conn);
    return it == table_.end() ? nullptr : it->second;
}

size_t EventLoop::still_open() {
    size_t open = 0;
    {
        std::lock_guard lock(table_mu_);
        open += table_.size();
    }
    std::lock_guard lock(exchanges_mu_);
    return open + exchanges_.size();
}

void EventLoop::wake(std::span<const uint64_t> ids) {
    if (ids.empty()) return;
    bool first = false;
    {
        std::lock_guard lock(wake_mu_);
        first = wake_list_.empty();
        wake_list_.insert(wake_list_.end(), ids.begin(), ids.end());
    }
    // The I/O thread takes the whole list when it wakes, so one interruption
    // serves every id added until then. Interrupting for each would make it
    // poll every socket once per queued frame: under a flood of small answers
    // that was over half of its time.
    if (first) interrupt_service();
}

void EventLoop::interrupt_service() {
    std::lock_guard lock(context_mu_);
    if (context_) lws_cancel_service(context_);
}

transport::SendResult EventLoop::push(Connection &conn, const transport::PayloadPtr &payload,
                                      transport::Traffic traffic, bool &wake_it) {
    Outbox::Push result = conn.outbox.push(payload, traffic);
    if (result == Outbox::Push::Overflow)
        spdlog::warn("conn {}: send queue over {} bytes, closing with 1008", conn.id,
                     config_.send_queue_bytes);
    wake_it = result != Outbox::Push::Closing;
    switch (result) {
    case Outbox::Push::Queued: return transport::SendResult::Queued;
    case Outbox::Push::Overflow: return transport::SendResult::Full;
    case Outbox::Push::Closing: break;
    }
    return transport::SendResult::Gone;
}

transport::SendResult EventLoop::send(chatd_conn_id conn, transport::PayloadPtr payload,
                                      transport::Traffic traffic) {
    auto c = find(conn);
    if (!c) return transport::SendResult::Gone;
    bool wake_it = false;
    const transport::SendResult result = push(*c, payload, traffic, wake_it);
    if (wake_it) wake(conn);
    return result;
}

void EventLoop::send_many(std::span<const chatd_conn_id> conns,
                          const transport::PayloadPtr &payload, transport::Traffic traffic,
                          std::vector<transport::SendResult> &results) {
    results.clear();
    woken_.clear();
    {
        // One lookup lock for the whole room: the I/O thread takes it only
        // to find a connection or drop one, and never while holding an
        // outbox's, so holding both here cannot deadlock.
        std::lock_guard lock(table_mu_);
        for (const chatd_conn_id conn : conns) {
            const auto it = table_.find(conn);
            bool wake_it = false;
            results.push_back(it == table_.end() ? transport::SendResult::Gone
                                                 : push(*it->second, payload, traffic, wake_it));
            if (wake_it) woken_.push_back(conn);
        }
    }
    wake(woken_);
}

void EventLoop::close(chatd_conn_id conn, uint16_t code, std::string reason) {
    auto c = find(conn);
    if (!c) return;
    c->outbox.close(code, std::move(reason));
    wake(conn);
}

void EventLoop::frame_done(chatd_conn_id conn) {
    auto c = find(conn);
    if (!c) return;
    size_t bytes = 0;
    bool own_room = false;
    {
        std::lock_guard lock(c->input_mu);
        // Empty once the connection has closed and given its bytes back.
        if (c->input.empty()) return;
        bytes = c->input.front();
        c->input.pop_front();
        // The points where may_read can change its mind: alone (one left),
        // nothing waiting (none), half of either bound.
        const size_t half = config_.connection_input_bytes / 2;
        own_room = c->input.size() == kResumeReading || c->input.size() <= 1 ||
                   (c->input_bytes > half && c->input_bytes - bytes <= half);
        c->input_bytes -= bytes;
    }
    if (own_room) wake(conn);
    resume_all_if(input_.done(bytes));
}

void EventLoop::resume_all_if(bool reached) {
    if (!reached) return;
    resume_all_ = true;
    interrupt_service();
}

void EventLoop::hold_partial(uint64_t holder, uint64_t bytes) {
    input_.hold(holder, bytes);
    while (auto largest = input_.over_share())
        shed(*largest);
}

void EventLoop::shed(uint64_t holder) {
    // Whatever happens below, the bytes go back now, so the loop in
    // hold_partial ends.
    resume_all_if(input_.release(holder));
    if (auto exchange = find_exchange(holder)) return shed_http(*exchange);
    auto c = find(holder);
    if (!c || !c->wsi) return;
    spdlog::info("conn {}: half-read messages hold over half of input_queue_bytes ({}), closing "
                 "the one with the largest ({} bytes) with 1008",
                 c->id, config_.input_queue_bytes, c->message.size());
    c->shed = true;
    c->in_message = false;
    c->message = std::string();
    c->outbox.close_now(LWS_CLOSE_STATUS_POLICY_VIOLATION, "server busy");
    // Reading again lets the closing handshake finish; receive() drops the rest.
    if (c->reading_paused) {
        c->reading_paused = false;
        lws_rx_flow_control(c->wsi, 1);
    }
    lws_callback_on_writable(c->wsi);
}

int EventLoop::callback(lws *wsi, lws_callback_reasons reason, void *user, void *in, size_t len) {
    lws_context *ctx = lws_get_context(wsi);
    auto *self = ctx ? static_cast<EventLoop *>(lws_context_user(ctx)) : nullptr;
    auto *session = static_cast<Session *>(user);
    if (!self) return lws_callback_http_dummy(wsi, reason, user, in, len);

    switch (reason) {
    case LWS_CALLBACK_RAW_RX_FILE: return wsi == self->listen_wsi_ ? self->accept_clients() : 0;
    case LWS_CALLBACK_WSI_CREATE: self->admission_.adopt(wsi); return 0;
    case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE: return self->confirm_upgrade(wsi);
    case LWS_CALLBACK_CONFIRM_EXTENSION_OKAY:
        // The only extension offered is permessage-deflate, and only when configured.
        if (session) session->deflate = true;
        return 0;
    case LWS_CALLBACK_ESTABLISHED: return self->established(wsi, session);
    case LWS_CALLBACK_RECEIVE:
        return session && session->conn ? self->receive(wsi, *session->conn, in, len) : -1;
    case LWS_CALLBACK_SERVER_WRITEABLE:
        return session && session->conn ? self->writeable(wsi, *session->conn) : 0;
    case LWS_CALLBACK_RECEIVE_PONG:
        if (session && session->conn) session->conn->heard = lws_now_usecs();
        return 0;
    case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE: return answer_peer_close(wsi, in, len);
    case LWS_CALLBACK_CLOSED: self->closed(session); return 0;
    // An upgrade that never completed leaves its id behind.
    case LWS_CALLBACK_WSI_DESTROY:
        self->upgrading_.erase(wsi);
        self->admission_.release(wsi);
        return 0;
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED: self->drain_wakeups(); return 0;
    case LWS_CALLBACK_HTTP:
        self->admission_.request_complete(wsi);
        return session ? self->http_request(wsi, *session) : -1;
    case LWS_CALLBACK_HTTP_BODY:
        return session && session->http ? self->http_body(wsi, *session->http, in, len) : 0;
    case LWS_CALLBACK_HTTP_BODY_COMPLETION:
        // libwebsockets may report this more than once (a POST with an explicit
        // zero length, bytes after the body); deliver() takes only the first.
        if (session && session->http) self->deliver(*session->http);
        return 0;
    case LWS_CALLBACK_HTTP_WRITEABLE: return session ? self->http_writeable(wsi, *session) : 0;
    case LWS_CALLBACK_TIMER: return session ? self->check_client(wsi, *session) : 0;
    // The last call with an HTTP request's user area: after its response, or
    // when the connection goes.
    case LWS_CALLBACK_HTTP_DROP_PROTOCOL: self->http_detach(session); return 0;
    default: return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}

int EventLoop::confirm_upgrade(lws *wsi) {
    auto refuse = [&](unsigned status, const char *why) {
        spdlog::info("refused WebSocket upgrade: {}", why);
        lws_return_http_status(wsi, status, why);
        return 1;
    };
    if (stop_requested_) return refuse(HTTP_STATUS_SERVICE_UNAVAILABLE, "shutting down");
    std::string path = header_value(wsi, WSI_TOKEN_GET_URI);
    if (path != config_.path) return refuse(HTTP_STATUS_NOT_FOUND, "unknown path");
    // RFC 6455 §4.2.2; libwebsockets 4.1.6 upgrades any version, and hangs up
    // without an answer on a missing key.
    if (header_value(wsi, WSI_TOKEN_VERSION) != "13") return refuse_version(wsi);
    if (!is_websocket_key(header_value(wsi, WSI_TOKEN_KEY)))
        return refuse(HTTP_STATUS_BAD_REQUEST, "missing or malformed Sec-WebSocket-Key");
    // Browsers always send Origin; a client without one is not a browser page
    // and cannot be the cross-site attack the list guards against. An empty
    // one is not a browser's either, and would otherwise slip past the list.
    const auto &allowed = config_.allowed_origins;
    if (!allowed.empty() && header_present(wsi, WSI_TOKEN_ORIGIN) &&
        std::find(allowed.begin(), allowed.end(), header_value(wsi, WSI_TOKEN_ORIGIN)) ==
            allowed.end())
        return refuse(HTTP_STATUS_FORBIDDEN, "origin not allowed");
    // HTTP clients count too (Admission::serve), so both fit the descriptors
    // planned for max_connections.
    if (const char *why = admission_.serve(wsi))
        return refuse(HTTP_STATUS_SERVICE_UNAVAILABLE, why);
    const chatd_conn_id id = ids_.next();
    if (handshakes_) {
        transport::HandshakeVerdict verdict =
            handshakes_->on_handshake(upgrade_request(wsi, id, custom_headers_));
        if (verdict.kind == transport::HandshakeVerdict::Kind::Refuse) {
            lws_return_http_status(wsi, verdict.http_status, verdict.body.c_str());
            return 1;
        }
    }
    upgrading_[wsi] = id;
    return 0;
}

int EventLoop::refuse_version(lws *wsi) {
    spdlog::info("refused WebSocket upgrade: Sec-WebSocket-Version is not 13");
    constexpr std::string_view body = "Sec-WebSocket-Version must be 13";
    HttpHead head{kUpgradeRequired,
                  {{"Sec-WebSocket-Version", "13"}, {"Content-Type", "text/plain"}},
                  body.size()};
    if (!write_http_head(wsi, head) || !write_http_body(wsi, body, true)) return -1;
    return 1;
}

int EventLoop::established(lws *wsi, Session *session) {
    auto pending = upgrading_.find(wsi);
    chatd_conn_id id = pending != upgrading_.end() ? pending->second : ids_.next();
    if (pending != upgrading_.end()) upgrading_.erase(pending);
    admission_.request_complete(wsi);
    auto conn = std::make_shared<Connection>(id, wsi, config_.send_queue_bytes);
    conn->heard = lws_now_usecs();
    conn->deflate = session->deflate;
    session->conn = conn.get();
    {
        std::lock_guard lock(table_mu_);
        table_.emplace(conn->id, conn);
    }
    char peer[64] = {0};
    lws_get_peer_simple(wsi, peer, sizeof peer);
    inbound_.on_open(conn->id, peer);
    return 0;
}

int EventLoop::receive(lws *wsi, Connection &conn, const void *in, size_t len) {
    // Any traffic shows the client is there, not only a pong: a client busy
    // chatting need not answer pings.
    conn.heard = lws_now_usecs();
    // Clients are being told 1001; what they still send would only lengthen
    // the pipeline's queue that shutdown has to get through.
    if (stopping_ || conn.shed) return 0;
    if (!conn.in_message) {
        conn.in_message = true;
        conn.message_binary = lws_frame_is_binary(wsi) != 0;
        conn.message.clear();
    }
    // Debian's libwebsockets 4.1.6 has no message-size cap, so the cap is
    // enforced here, counting what the current frame header still announces.
    size_t announced = conn.message.size() + len + lws_remaining_packet_payload(wsi);
    if (announced > config_.max_message_bytes) {
        spdlog::info("conn {}: message over {} bytes, closing with 1009", conn.id,
                     config_.max_message_bytes);
        conn.shed = true; // drops what still arrives before the close
        conn.message = std::string();
        resume_all_if(input_.release(conn.id));
        // Closed from the writable callback, as shed() does. A -1 from here
        // would make libwebsockets 4.1.6 drop the rest of what it read, and
        // then read the client's next bytes from the middle of a frame; while
        // permessage-deflate inflates a message in pieces, it loses the -1.
        conn.outbox.close_now(LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, "message too large");
        lws_callback_on_writable(wsi);
        time_close(conn);
        return 0;
    }
    conn.message.append(static_cast<const char *>(in), len);
    // Counted as it arrives: a message its sender never finishes still holds memory.
    hold_partial(conn.id, conn.message.size());
    if (conn.shed) return 0;
    if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) != 0) {
        pause_if_over(conn);
        return 0;
    }

    conn.in_message = false;
    const uint64_t bytes = input_.hand_over(conn.id);
    {
        std::lock_guard lock(conn.input_mu);
        conn.input.push_back(bytes);
        conn.input_bytes += bytes;
    }
    std::string message = std::exchange(conn.message, std::string());
    pause_if_over(conn);
    inbound_.on_message(conn.id, std::move(message), conn.message_binary);
    return 0;
}

void EventLoop::pause_if_over(Connection &conn) {
    if (conn.reading_paused || may_read(conn, false)) return;
    conn.reading_paused = true;
    lws_rx_flow_control(conn.wsi, 0);
}

bool EventLoop::may_read(Connection &conn, bool resuming) {
    ConnectionInput held{.partial_bytes = conn.message.size(),
                         .reply_bytes = conn.outbox.reply_bytes()};
    {
        std::lock_guard lock(conn.input_mu);
        held.waiting = conn.input.size();
        held.waiting_bytes = conn.input_bytes;
    }
    const InputLimits limits{.connection_bytes = config_.connection_input_bytes,
                             .all_bytes = config_.input_queue_bytes,
                             .reply_bytes = config_.reply_queue_bytes};
    return net::may_read(held, input_.used(), limits, resuming);
}

void EventLoop::resume_reading(Connection &conn) {
    if (!conn.reading_paused || !conn.wsi || !may_read(conn, true)) return;
    conn.reading_paused = false;
    lws_rx_flow_control(conn.wsi, 1);
}

int EventLoop::writeable(lws *wsi, Connection &conn) {
    // libwebsockets still calls this while it waits for the client's answer
    // to its close frame; another -1 would drop the connection unanswered.
    if (conn.close_handed) return 0;
    if (conn.ping_due) {
        conn.ping_due = false;
        // With a payload: libwebsockets 4.1.6 does not report an empty pong.
        unsigned char ping[LWS_PRE + 4] = {};
        std::memcpy(ping + LWS_PRE, "ping", 4);
        if (lws_write(wsi, ping + LWS_PRE, 4, LWS_WRITE_PING) < 0) return -1;
        // What is queued goes in the next callback: one write per callback.
        if (!conn.outbox.empty() || conn.outbox.closing()) lws_callback_on_writable(wsi);
        return 0;
    }
    // What is queued, in one write, up to a bound that keeps one busy
    // connection from holding the I/O thread; a frame per callback would
    // cost a system call and a poll of every socket per frame. A compressing
    // connection takes one message per callback, as libwebsockets requires.
    batch_.clear();
    if (conn.outbox.take(batch_, conn.deflate ? 0 : kBytesPerWrite) > 0) {
        const int written = conn.deflate ? write_message(wsi, *batch_.front(), scratch_)
                                         : write_frames(wsi, batch_, scratch_);
        batch_.clear(); // the frames' last owner may be this connection
        if (written < 0) return -1;
        // The client is reading again: its unread replies may have drained.
        resume_reading(conn);
    }
    if (auto close = conn.outbox.due_close()) {
        conn.close_handed = true;
        return close_with(wsi, close->code, close->reason);
    }
    if (!conn.outbox.empty()) lws_callback_on_writable(wsi);
    return 0;
}

lws_usec_t EventLoop::idle_limit() const {
    return static_cast<lws_usec_t>(config_.idle_timeout_seconds) * LWS_US_PER_SEC;
}

void EventLoop::sweep(lws_sorted_usec_list_t *sul) {
    EventLoop *self = reinterpret_cast<Timer *>(sul)->owner;
    self->check_liveness();
    lws_sul_schedule(self->context_, 0, sul, &EventLoop::sweep, kSweepInterval);
}

void EventLoop::check_liveness() {
    const lws_usec_t now = lws_now_usecs();
    const lws_usec_t ping_after =
        static_cast<lws_usec_t>(config_.ping_interval_seconds) * LWS_US_PER_SEC;
    std::vector<std::shared_ptr<Connection>> idle;
    {
        std::lock_guard lock(table_mu_);
        for (const auto &[id, conn] : table_) {
            if (!conn->wsi || conn->close_handed) continue;
            const lws_usec_t silent = now - conn->heard;
            if (silent >= idle_limit()) {
                if (!conn->outbox.closing()) idle.push_back(conn);
            } else if (silent >= ping_after && conn->pinged <= conn->heard) {
                // Once per silence: a pong, or anything else, ends it.
                conn->pinged = now;
                conn->ping_due = true;
                lws_callback_on_writable(conn->wsi);
            }
        }
    }
    for (const auto &conn : idle) {
        // 1001, "going away": the server leaves this connection; nothing the
        // client sent was wrong, so not 1002 or 1008.
        spdlog::info("conn {}: nothing heard for {} s, closing with 1001", conn->id,
                     config_.idle_timeout_seconds);
        conn->outbox.close_now(LWS_CLOSE_STATUS_GOINGAWAY, "idle timeout");
        lws_callback_on_writable(conn->wsi);
        time_close(*conn);
    }
}

void EventLoop::time_close(Connection &conn) {
    if (conn.close_timed || !conn.outbox.closing()) return;
    // The close frame waits behind what the kernel already holds, and a
    // client that has stopped reading never makes room for it: without a
    // deadline it would stay connected, and in its rooms, for good.
    conn.close_timed = true;
    lws_set_timeout(conn.wsi, PENDING_TIMEOUT_USER_OK,
                    static_cast<int>(config_.close_timeout_seconds));
}

void EventLoop::closed(Session *session) {
    if (!session || !session->conn) return;
    chatd_conn_id id = session->conn->id;
    session->conn->wsi = nullptr;
    {
        // The pipeline drops a closed connection's messages without
        // reporting them done, so their bytes are given back now: a
        // frame_done still to come finds none.
        std::lock_guard lock(session->conn->input_mu);
        resume_all_if(input_.done(std::exchange(session->conn->input_bytes, 0)));
        session->conn->input.clear();
    }
    resume_all_if(input_.release(id));
    session->conn->message = std::string();
    session->conn = nullptr;
    {
        std::lock_guard lock(table_mu_);
        table_.erase(id);
    }
    inbound_.on_close(id);
}

void EventLoop::drain_wakeups() {
    if (stop_requested_ && !stopping_) begin_shutdown();
    std::vector<uint64_t> ids;
    {
        std::lock_guard lock(wake_mu_);
        ids.swap(wake_list_);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (uint64_t id : ids) {
        if (auto exchange = find_exchange(id)) {
            write_when_ready(exchange->wsi);
            continue;
        }
        auto c = find(id);
        if (!c || !c->wsi) continue;
        resume_reading(*c);
        lws_callback_on_writable(c->wsi);
        time_close(*c);
    }
    if (resume_all_.exchange(false)) {
        std::vector<std::shared_ptr<Connection>> all;
        {
            std::lock_guard lock(table_mu_);
            for (auto &[id, c] : table_)
                all.push_back(c);
        }
        for (auto &c : all)
            resume_reading(*c);
    }
}

void EventLoop::begin_shutdown() {
    stopping_ = true;
    // New upgrades get 503 from confirm_upgrade from now on. The listen socket
    // stays open for this short window: lws 4.1.6's lws_context_deprecate(),
    // which would close it, uses the listen wsi after freeing it.
    spdlog::info("shutting down: refusing new clients, closing open ones with 1001");
    std::vector<std::shared_ptr<Connection>> all;
    {
        std::lock_guard lock(table_mu_);
        for (auto &[id, c] : table_)
            all.push_back(c);
    }
    // The close goes before anything still queued: a client with a backlog
    // would otherwise get its 1001 only after it, or not before the deadline.
    for (auto &c : all) {
        c->outbox.close_now(LWS_CLOSE_STATUS_GOINGAWAY, "server shutting down");
        if (c->wsi) lws_callback_on_writable(c->wsi);
    }
    end_http_for_shutdown();
    deadline_.owner = this;
    stop_deadline_ =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.shutdown_timeout_ms);
    lws_sul_schedule(context_, 0, &deadline_.sul, &EventLoop::shutdown_deadline,
                     static_cast<lws_usec_t>(config_.shutdown_timeout_ms) * LWS_US_PER_MS);
}

void EventLoop::shutdown_deadline(lws_sorted_usec_list_t *sul) {
    EventLoop *self = reinterpret_cast<Timer *>(sul)->owner;
    if (size_t open = self->still_open())
        spdlog::warn("shutdown timeout: {} clients did not close in time", open);
    self->done_ = true;
    // run() looks at done_ only when lws_service returns, and this timer runs
    // inside it: without a wake-up it would sleep on until the next timer or
    // socket event, which can be an idle check tens of seconds away.
    lws_cancel_service(self->context_);
}

} // namespace chatd::net
