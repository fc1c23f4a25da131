#pragma once

#include "transport/http.hpp"
#include "transport/transport.hpp"

#include <chatd/test_host.hpp>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace chatd::test {

// The network side as the pipeline sees it, recording instead of writing. The
// pipeline thread calls it and the test thread reads it, so all of it is locked.
class FakeTransport final : public transport::Transport, public transport::HttpResponder {
public:
    struct Close {
        chatd_conn_id conn;
        uint16_t code;
        std::string reason;
    };

    transport::SendResult send(chatd_conn_id conn, transport::PayloadPtr payload,
                               transport::Traffic traffic) override;
    void close(chatd_conn_id conn, uint16_t code, std::string reason) override;
    void frame_done(chatd_conn_id conn) override;

    // transport::HttpResponder: a request is known from http_arrived() on.
    bool respond(uint64_t id, unsigned status, transport::HttpHeaders headers,
                 std::string body) override;
    bool stream_begin(uint64_t id, unsigned status, transport::HttpHeaders headers) override;
    transport::StreamWrite stream_write(uint64_t id, std::string chunk) override;
    bool stream_end(uint64_t id) override;
    void http_arrived(uint64_t id);
    // The client left: answers from now on are refused, as the server's are.
    void http_gone(uint64_t id);
    std::optional<HttpAnswer> http_answer(uint64_t id) const;

    // The network has dropped conn, as it does before reporting a close: later
    // sends to it are Gone and not recorded.
    void gone(chatd_conn_id conn);
    // conn's send queue overflows: later sends to it are Full and not recorded.
    void fill(chatd_conn_id conn);

    // The index-th frame sent to conn (0 is the first), waiting up to `timeout`.
    std::optional<std::string> wait_frame(chatd_conn_id conn, size_t index,
                                          std::chrono::milliseconds timeout);
    std::vector<std::string> frames(chatd_conn_id conn) const;
    // How each of frames(conn) was sent: a reply to conn's own frame or not.
    std::vector<transport::Traffic> traffic(chatd_conn_id conn) const;
    std::vector<Close> closes() const;
    size_t frames_done(chatd_conn_id conn) const;

private:
    // With mu_ held: the answer to a request the client is still waiting on;
    // one with no status yet; one whose stream is still open. Else null.
    HttpAnswer *live(uint64_t id);
    HttpAnswer *unanswered(uint64_t id);
    HttpAnswer *open_stream(uint64_t id);

    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::map<chatd_conn_id, std::vector<std::string>> sent_;
    std::map<chatd_conn_id, std::vector<transport::Traffic>> traffic_;
    std::vector<Close> closes_;
    std::map<chatd_conn_id, size_t> done_;
    std::set<chatd_conn_id> gone_;
    std::set<chatd_conn_id> full_;
    std::map<uint64_t, HttpAnswer> http_;
    std::set<uint64_t> http_gone_;
};

} // namespace chatd::test
