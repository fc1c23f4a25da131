#pragma once

#include "config/server_config.hpp"
#include "net/admission.hpp"
#include "net/event_loop.hpp"
#include "transport/handshake.hpp"
#include "transport/http.hpp"
#include "transport/inbound.hpp"
#include "transport/transport.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chatd::net {

// The network side of chatd: io_threads event loops (event_loop.hpp), each a
// libwebsockets context on its own thread with its own listen socket on the
// shared port. Debian's libwebsockets serves one thread per context, so this
// is how chatd uses more than one core for the network. Connections stay on
// the loop that accepted them; the pipeline's sends reach a loop through the
// connection's Outbox and the loop's wake-up list, each id naming its loop
// (loop_ids.hpp). Per-room order needs nothing more: the one pipeline thread
// queues a room's messages on every member's Outbox in order, whichever loop
// then writes them.
class Server final : public transport::Transport, public transport::HttpResponder {
public:
    Server(const config::ServerConfig &config, transport::Inbound &inbound);
    ~Server() override;
    Server(const Server &) = delete;
    Server &operator=(const Server &) = delete;

    // Who decides upgrades after the server's own checks; set before start().
    void set_handshakes(transport::Handshakes &handshakes);
    // Who answers HTTP requests; with none, every request gets 404. Call
    // before start(). libwebsockets 4.1.6 cannot list the headers it has no
    // token for, so `custom_headers` names the ones the inbound wants as
    // well, e.g. "last-event-id" for Server-Sent Events.
    void set_http_inbound(transport::HttpInbound *inbound,
                          std::vector<std::string> custom_headers = {});

    // Plans descriptors for max_connections, creates the loops' contexts and
    // listens; false with a reason on failure.
    bool start(std::string &error);
    uint16_t port() const { return loops_.front()->port(); }
    size_t loop_count() const { return loops_.size(); }
    // Serves on this thread (the first loop) and one more thread per further
    // loop until request_stop() or until a loop fails; then each loop shuts
    // down as EventLoop::run() says, and this returns when all have.
    void run();
    // Safe from any thread (and from the signal-handling thread).
    void request_stop();
    // The earliest of the loops' shutdown deadlines: what the rest of a
    // shutdown must keep to as well. nullopt if no loop was asked to stop.
    // Read after run().
    std::optional<std::chrono::steady_clock::time_point> stop_deadline() const;

    void send_many(std::span<const chatd_conn_id> conns, const transport::PayloadPtr &payload,
                   transport::Traffic traffic,
                   std::vector<transport::SendResult> &results) override;
    transport::SendResult send(chatd_conn_id conn, transport::PayloadPtr payload,
                               transport::Traffic traffic) override;
    void close(chatd_conn_id conn, uint16_t code, std::string reason) override;
    void frame_done(chatd_conn_id conn) override;

    bool respond(uint64_t id, unsigned status, transport::HttpHeaders headers,
                 std::string body) override;
    bool stream_begin(uint64_t id, unsigned status, transport::HttpHeaders headers) override;
    transport::StreamWrite stream_write(uint64_t id, std::string chunk) override;
    bool stream_end(uint64_t id) override;

private:
    EventLoop &owner(uint64_t id) { return *loops_[LoopIds::owner(id, loops_.size())]; }

    config::ServerConfig config_;
    Admission admission_;
    std::vector<std::unique_ptr<EventLoop>> loops_;
    // send_many's members of one room, split by loop, with where each stood
    // in the room's list (pipeline thread only; kept to allocate nothing
    // once warm).
    struct Share {
        std::vector<chatd_conn_id> conns;
        std::vector<size_t> positions;
    };
    std::vector<Share> shares_;
    std::vector<transport::SendResult> share_results_;
};

// The loops io_threads asks for: 0 is one per core this process may run on,
// at most config::kMaxIoThreads.
unsigned event_loop_count(uint32_t io_threads);

} // namespace chatd::net
