#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

// The seam for ordinary HTTP on the WebSocket port: the network side (net/)
// reads requests and writes responses, the side that routes them implements
// HttpInbound and answers through HttpResponder. Neither sees the other.

namespace chatd::transport {

// Header names are lower case.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// One complete request, body included.
struct HttpRequest {
    // Names this request in every answer; never reused by the server.
    uint64_t id = 0;
    // Upper case: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS.
    std::string method;
    // Percent-encoded, starting with '/', without the query; decoding is the
    // router's job (http::Router decodes segment by segment).
    // libwebsockets 4.1.6 decodes and normalises the target before chatd sees
    // it: repeated slashes and dot segments are gone and an encoded "%2F" has
    // already become a '/'. The server encodes the result again, so decoding
    // it once gives back exactly what libwebsockets produced.
    std::string path;
    // Percent-encoded name=value pairs joined by '&', without the '?' (see
    // http::parse_query). libwebsockets also splits at ';', which arrives as
    // '&', and turns an unescaped '+' into a space, which arrives as "%20".
    std::string query;
    // Every header libwebsockets knows by name, plus the custom headers the
    // server was told to collect (it cannot list unknown ones). A repeated
    // header arrives once, its values joined with ','. Order is unspecified.
    HttpHeaders headers;
    std::string remote_address;
    bool tls = false;
    std::string body;
};

// What a stream write did.
enum class StreamWrite {
    Queued,
    // The stream's queue would pass [server] send_queue_bytes: the queue is
    // dropped and the connection closed, as for a WebSocket client too slow to
    // keep up. Later writes return Gone.
    Overflow,
    // No open stream has this id: never begun, already ended or cut, or the
    // client has left.
    Gone,
};

// Implemented by the side that routes requests. Called on the I/O thread;
// implementations must not block (hand the work to another thread, or answer
// at once through HttpResponder, which is safe to call from here).
class HttpInbound {
public:
    virtual ~HttpInbound() = default;
    // A request has fully arrived. Answer it exactly once, now or later, from
    // any thread: HttpResponder::respond, or stream_begin ... stream_end.
    virtual void on_http_request(HttpRequest request) = 0;
    // The exchange ended before its answer was finished (respond or
    // stream_end accepted): the client left, the stream overflowed, or the
    // server is shutting down (it has answered 503 or ended the stream
    // itself). Called once per such request, never for one that was answered;
    // a streaming producer stops here. The id is dead from now on.
    virtual void on_http_gone(uint64_t id) = 0;
};

// Implemented by the network side. Every function is safe from any thread and
// never waits for the I/O thread. Responding to an unknown, finished or gone
// id, or a second time, returns false (or Gone) and changes nothing.
class HttpResponder {
public:
    virtual ~HttpResponder() = default;
    // A complete response. status is 200..599. The server sets
    // Content-Length and connection handling itself, so content-length,
    // transfer-encoding and connection headers given here are ignored, as is
    // any header with a malformed name or a CR, LF or NUL in its value. A
    // HEAD request gets the headers only.
    virtual bool respond(uint64_t id, unsigned status, HttpHeaders headers, std::string body) = 0;

    // A response whose body is written as it is produced, e.g. Server-Sent
    // Events (content-type: text/event-stream). It has no length: ending the
    // stream closes the connection, which is how the client sees the end.
    virtual bool stream_begin(uint64_t id, unsigned status, HttpHeaders headers) = 0;
    // Queues the next piece of the body; at most [server] send_queue_bytes
    // may wait unwritten per stream.
    virtual StreamWrite stream_write(uint64_t id, std::string chunk) = 0;
    // Ends the stream once everything queued has been written.
    virtual bool stream_end(uint64_t id) = 0;
};

} // namespace chatd::transport
