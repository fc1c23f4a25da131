// The HTTP side of EventLoop: requests in, answers out (see transport/http.hpp).
#include "net/event_loop.hpp"
#include "net/http_request_head.hpp"
#include "net/http_writer.hpp"
#include "transport/http_names.hpp"

#include <algorithm>
#include <cerrno>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

namespace chatd::net {
namespace {

// How often a connection waiting for its answer is checked for a client that
// has left (see check_client).
constexpr lws_usec_t kClientCheckInterval = LWS_US_PER_SEC;

// Whether the client has closed the connection or it has failed. Unread
// bytes, such as a pipelined request, do not count as leaving.
bool client_left(lws *wsi) {
    char byte = 0;
    const auto n = recv(lws_get_socket_fd(wsi), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

// Answers without taking the body, then closes: the unread body must not be
// read as the next request.
int refuse(lws *wsi, unsigned status) {
    lws_return_http_status(wsi, status, nullptr);
    return -1;
}

// Only a final status can answer; anything else is the responder's bug.
bool is_final_status(uint64_t id, unsigned status) {
    if (status >= 200 && status <= 599) return true;
    spdlog::error("http {}: cannot answer with status {}", id, status);
    return false;
}

} // namespace

void EventLoop::set_http_inbound(transport::HttpInbound *inbound,
                                 std::vector<std::string> custom_headers) {
    http_inbound_ = inbound;
    // libwebsockets stores header names in lower case.
    for (std::string &name : custom_headers)
        name = transport::lower_case(name);
    custom_headers_ = std::move(custom_headers);
}

int EventLoop::http_request(lws *wsi, Session &session) {
    if (stop_requested_) return refuse(wsi, HTTP_STATUS_SERVICE_UNAVAILABLE);
    // A keep-alive connection, or a stream, holds its socket as long as a
    // WebSocket client does, so HTTP shares max_connections with them.
    if (const char *why = admission_.serve(wsi)) {
        spdlog::info("refused HTTP request: {}", why);
        return refuse(wsi, HTTP_STATUS_SERVICE_UNAVAILABLE);
    }
    transport::HttpRequest request = read_request(wsi, custom_headers_);
    if (request.method.empty()) return refuse(wsi, HTTP_STATUS_NOT_IMPLEMENTED);
    const BodyPlan body = plan_body(request, config_.max_http_body_bytes);
    if (body.refusal) {
        spdlog::info("http {} {}: refused with {}", request.method, request.path, body.refusal);
        return refuse(wsi, body.refusal);
    }
    if (!http_inbound_) {
        // Nobody serves HTTP; the connection stays open for the next request.
        if (lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND, nullptr)) return -1;
        return lws_http_transaction_completed(wsi) ? -1 : 0;
    }

    auto exchange = std::make_shared<HttpExchange>(ids_.next(), wsi, config_.send_queue_bytes);
    exchange->request = std::move(request);
    exchange->request.id = exchange->id;
    exchange->head_only = exchange->request.method == "HEAD";
    session.http = exchange.get();
    {
        std::lock_guard lock(exchanges_mu_);
        exchanges_.emplace(exchange->id, exchange);
    }
    if (body.expects_continue && !write_http_continue(wsi)) return -1;
    if (body.length == 0) deliver(*exchange);
    return 0;
}

int EventLoop::http_body(lws *wsi, HttpExchange &exchange, const void *in, size_t len) {
    if (exchange.shed) return 0;
    // plan_body checked the declared length; this keeps the cap whatever
    // libwebsockets delivers.
    if (exchange.request.body.size() + len > config_.max_http_body_bytes)
        return refuse(wsi, HTTP_STATUS_REQ_ENTITY_TOO_LARGE);
    exchange.request.body.append(static_cast<const char *>(in), len);
    hold_partial(exchange.id, exchange.request.body.size());
    // Pausing a body is not an option: in libwebsockets 4.1.6 a paused HTTP/1
    // connection cannot be written to either (see wait_for_answer). So where a
    // WebSocket message would wait for room, a body past a chat line's size
    // is answered 503 while everyone's budget is full.
    if (!exchange.shed && input_.exhausted() && exchange.request.body.size() > kSmallPartialBytes)
        shed(exchange.id);
    return 0;
}

void EventLoop::shed_http(HttpExchange &exchange) {
    spdlog::info("http {}: {} {} from {}: answered 503, its body would exceed input_queue_bytes "
                 "({})",
                 exchange.id, exchange.request.method, exchange.request.path,
                 exchange.request.remote_address, config_.input_queue_bytes);
    exchange.shed = true;
    exchange.request.body = std::string();
    exchange.close_after = true; // the rest of the body must not be read as a request
    exchange.answer.end_for_responder(HTTP_STATUS_SERVICE_UNAVAILABLE, "server busy\n");
    write_when_ready(exchange.wsi);
}

void EventLoop::deliver(HttpExchange &exchange) {
    // During shutdown a request still arriving has been answered 503 already.
    if (exchange.delivered || exchange.shed || stopping_) return;
    exchange.delivered = true;
    // The body stays counted until the request is answered: the responder holds it.
    exchange.queued_input = input_.hand_over(exchange.id);
    wait_for_answer(exchange.wsi);
    lws_set_timer_usecs(exchange.wsi, kClientCheckInterval);
    spdlog::debug("http {}: {} {} from {}", exchange.id, exchange.request.method,
                  exchange.request.path, exchange.request.remote_address);
    http_inbound_->on_http_request(std::move(exchange.request));
}

// Between request and answer libwebsockets 4.1.6 does not read an HTTP/1
// connection, yet keeps polling it: once the client closes, the socket stays
// readable and the I/O thread spins. Turning reading off stops that, but for
// HTTP/1 it also stops lws from handling writability (rops_handle_POLLIN_h1
// returns early for a flow-controlled connection). So reading is off exactly
// while an exchange waits for its responder and back on whenever there is
// something to write; meanwhile a timer looks at the socket for a client that
// has left (check_client).
int EventLoop::wait_for_answer(lws *wsi) {
    lws_rx_flow_control(wsi, 0);
    return 0;
}

void EventLoop::write_when_ready(lws *wsi) {
    lws_rx_flow_control(wsi, 1);
    lws_callback_on_writable(wsi);
}

int EventLoop::check_client(lws *wsi, Session &session) {
    // The timer cannot be cancelled in 4.1.6 (LWS_SET_TIMER_USEC_CANCEL fires
    // it at once), so it may come after its exchange: then it just stops.
    if (!session.http || !session.http->delivered) return 0;
    if (client_left(wsi)) return -1;
    lws_set_timer_usecs(wsi, kClientCheckInterval);
    return 0;
}

int EventLoop::http_writeable(lws *wsi, Session &session) {
    if (!session.http) return 0;
    HttpExchange &exchange = *session.http;
    // An overflowed stream ends by closing: the client sees the body stop short.
    if (exchange.answer.is_cut()) return -1;
    if (exchange.head_written) return write_next_piece(wsi, session);

    std::optional<HttpHead> head = exchange.answer.take_head();
    if (!head) return wait_for_answer(wsi);
    exchange.head_written = true;
    exchange.streaming = !head->content_length;
    if (!write_http_head(wsi, *head)) return -1;
    // Gives the header table back, which a long stream would otherwise hold
    // until lws drops the connection as stuck. lws' SSE example calls
    // lws_http_mark_sse() for this; in 4.1.6 that also logs an error on every
    // HTTP/1 connection (it is meant for HTTP/2 streams).
    if (exchange.streaming) lws_http_headers_detach(wsi);
    lws_callback_on_writable(wsi);
    return 0;
}

int EventLoop::write_next_piece(lws *wsi, Session &session) {
    HttpExchange &exchange = *session.http;
    if (exchange.piece_written == exchange.piece.size()) {
        std::optional<std::string> chunk = exchange.answer.take_chunk();
        if (!chunk)
            return exchange.answer.drained() ? http_finish(wsi, session) : wait_for_answer(wsi);
        exchange.piece = exchange.head_only ? std::string() : std::move(*chunk);
        exchange.piece_written = 0;
    }
    const size_t n = std::min(kIoBufferBytes, exchange.piece.size() - exchange.piece_written);
    const bool last =
        exchange.piece_written + n == exchange.piece.size() && exchange.answer.drained();
    const std::string_view piece =
        std::string_view(exchange.piece).substr(exchange.piece_written, n);
    if (n > 0 && !write_http_body(wsi, piece, last)) return -1;
    exchange.piece_written += n;
    if (last) return http_finish(wsi, session);
    lws_callback_on_writable(wsi);
    return 0;
}

int EventLoop::http_finish(lws *wsi, Session &session) {
    const bool keep_alive = !session.http->streaming && !session.http->close_after;
    http_detach(&session);
    // Closing ends a stream; lws first writes out whatever it still holds.
    if (!keep_alive) return -1;
    // Readies the connection for its next request and frees `session`.
    return lws_http_transaction_completed(wsi) ? -1 : 0;
}

void EventLoop::http_detach(Session *session) {
    if (!session || !session->http) return;
    HttpExchange &exchange = *session->http;
    session->http = nullptr;
    // After the cut a responder can no longer finish, so `owed` cannot go stale.
    exchange.answer.cut();
    const bool owed = exchange.delivered && !exchange.answer.finished_by_responder();
    const uint64_t id = exchange.id;
    resume_all_if(input_.release(id));
    resume_all_if(input_.done(std::exchange(exchange.queued_input, 0)));
    {
        std::lock_guard lock(exchanges_mu_);
        exchanges_.erase(id); // frees `exchange` unless a responder holds it just now
    }
    if (owed) http_inbound_->on_http_gone(id);
}

void EventLoop::end_http_for_shutdown() {
    std::vector<std::shared_ptr<HttpExchange>> all;
    {
        std::lock_guard lock(exchanges_mu_);
        for (auto &[id, exchange] : exchanges_)
            all.push_back(exchange);
    }
    for (auto &exchange : all) {
        exchange->close_after = true;
        exchange->answer.end_for_responder(HTTP_STATUS_SERVICE_UNAVAILABLE,
                                           "server shutting down\n");
        write_when_ready(exchange->wsi);
    }
}

std::shared_ptr<HttpExchange> EventLoop::find_exchange(uint64_t id) {
    std::lock_guard lock(exchanges_mu_);
    auto it = exchanges_.find(id);
    return it == exchanges_.end() ? nullptr : it->second;
}

bool EventLoop::change_answer(uint64_t id, const std::function<bool(HttpResponseQueue &)> &change) {
    auto exchange = find_exchange(id);
    if (!exchange || !change(exchange->answer)) return false;
    wake(id);
    return true;
}

bool EventLoop::respond(uint64_t id, unsigned status, transport::HttpHeaders headers,
                        std::string body) {
    if (!is_final_status(id, status)) return false;
    return change_answer(id, [&](HttpResponseQueue &answer) {
        return answer.respond(status, std::move(headers), std::move(body));
    });
}

bool EventLoop::stream_begin(uint64_t id, unsigned status, transport::HttpHeaders headers) {
    if (!is_final_status(id, status)) return false;
    return change_answer(id, [&](HttpResponseQueue &answer) {
        return answer.begin_stream(status, std::move(headers));
    });
}

transport::StreamWrite EventLoop::stream_write(uint64_t id, std::string chunk) {
    auto result = transport::StreamWrite::Gone;
    change_answer(id, [&](HttpResponseQueue &answer) {
        result = answer.write(std::move(chunk));
        return result != transport::StreamWrite::Gone;
    });
    if (result == transport::StreamWrite::Overflow)
        spdlog::warn("http {}: stream queue over {} bytes, closing it", id,
                     config_.send_queue_bytes);
    return result;
}

bool EventLoop::stream_end(uint64_t id) {
    return change_answer(id, [](HttpResponseQueue &answer) { return answer.end_stream(); });
}

} // namespace chatd::net
