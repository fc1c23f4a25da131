#pragma once

#include "transport/http.hpp"

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace chatd::net {

// The status line and headers of a response, kept as data until the I/O
// thread writes them: libwebsockets builds them per connection.
struct HttpHead {
    unsigned status = 200;
    transport::HttpHeaders headers;
    // nullopt for a stream, whose end is the connection's end.
    std::optional<size_t> content_length;
};

// One request's answer on its way from responders (any thread) to the I/O
// thread, which takes the head once and then the body piece by piece. A
// stream's unwritten bytes are bounded like a WebSocket Outbox: a write that
// would pass the limit drops the queue and cuts the stream.
class HttpResponseQueue {
public:
    explicit HttpResponseQueue(size_t stream_limit_bytes) : limit_(stream_limit_bytes) {}

    // Responder side. Each accepts only in the right state: respond and
    // begin_stream before anything else, write and end_stream on an open
    // stream; otherwise false or Gone and nothing changes.
    bool respond(unsigned status, transport::HttpHeaders headers, std::string body);
    bool begin_stream(unsigned status, transport::HttpHeaders headers);
    transport::StreamWrite write(std::string chunk);
    bool end_stream();

    // Server side, in the responder's place: answers `status` with `body`
    // when nothing was answered yet, ends an open stream after what is
    // queued. The responder's calls fail from then on.
    void end_for_responder(unsigned status, std::string body);
    // Drops everything unwritten (the client has left); later calls fail.
    void cut();
    // Whether respond or end_stream was accepted: if not, the exchange ends
    // with the responder still owed on_http_gone.
    bool finished_by_responder() const;

    // I/O thread side.
    std::optional<HttpHead> take_head(); // once, when the answer has begun
    std::optional<std::string> take_chunk();
    bool is_cut() const;
    // Everything of the answer is queued and has been taken.
    bool drained() const;

private:
    enum class State { Waiting, Streaming, Ended, Cut };

    void queue_locked(std::string chunk);

    mutable std::mutex mu_;
    State state_ = State::Waiting;
    bool finished_by_responder_ = false;
    std::optional<HttpHead> head_;
    std::deque<std::string> chunks_;
    size_t bytes_ = 0;
    const size_t limit_;
};

} // namespace chatd::net
