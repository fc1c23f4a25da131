#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

struct lws;

namespace chatd::net {

// Counts the sockets chatd has accepted, in all and per client address, of
// those the ones still in their handshake (no complete HTTP request yet), so
// that no address can take every slot with sockets that say nothing (a
// slowloris) and a full server refuses instead of leaving clients in the
// listen queue, and the ones being served (a WebSocket upgrade or an HTTP
// request taken), so that HTTP clients share max_connections with WebSocket
// ones instead of taking the descriptors planned for them. The event loops
// share one: its limits are the server's. Each loop's thread admits a socket
// and has libwebsockets adopt it before admitting the next, so what a thread
// admitted is bound to the next lws created on that same thread.
class Admission {
public:
    struct Limits {
        uint32_t sockets = 0;
        uint32_t connections = 0; // sockets being served
        uint32_t per_address = 0;
        uint32_t handshakes_per_address = 0;
    };
    Admission() = default;
    explicit Admission(Limits limits) : limits_(limits) {}
    Admission(const Admission &) = delete;
    Admission &operator=(const Admission &) = delete;
    // Sets the limits, once they are known and before anything is admitted.
    void limit(Limits limits) { limits_ = limits; }

    // A socket just accepted; nullptr lets it in (the next adopt() on this
    // thread binds it to its lws), otherwise why it is refused.
    const char *admit(const std::string &address);
    // The lws created for the socket admit() let in last.
    void adopt(const lws *wsi);
    // The socket's request is complete: it is no longer a handshake.
    void request_complete(const lws *wsi);
    // The socket is to be served, as a WebSocket connection or with HTTP:
    // nullptr lets it (one served already, e.g. a keep-alive connection's
    // next request, always), otherwise why it is refused.
    const char *serve(const lws *wsi);
    void release(const lws *wsi);

private:
    struct PerAddress {
        uint32_t sockets = 0;
        uint32_t handshakes = 0;
    };
    struct Socket {
        std::string address;
        bool handshake = true;
        bool served = false;
    };
    void count(const std::string &address, int sockets, int handshakes);

    Limits limits_;
    std::mutex mu_;
    std::unordered_map<std::string, PerAddress> addresses_;
    std::unordered_map<const lws *, Socket> sockets_;
    uint32_t served_ = 0;
    // Per thread: the address admitted and not yet adopted.
    std::unordered_map<std::thread::id, std::string> admitted_;
};

// Answers 503 on a socket chatd will not serve and lets the caller close it.
// Unread request bytes are taken first: closing over them would reset the
// connection and could lose the answer.
void refuse_socket(int fd);

} // namespace chatd::net
