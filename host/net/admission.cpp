#include "net/admission.hpp"

#include <array>
#include <string_view>
#include <sys/socket.h>

namespace chatd::net {

const char *Admission::admit(const std::string &address) {
    std::lock_guard lock(mu_);
    // An admission nobody adopted: libwebsockets failed to take the socket.
    if (auto unadopted = admitted_.extract(std::this_thread::get_id()))
        count(unadopted.mapped(), -1, -1);
    if (sockets_.size() >= limits_.sockets) return "no socket left (open-file limit)";
    const auto it = addresses_.find(address);
    if (it != addresses_.end()) {
        if (it->second.sockets >= limits_.per_address) return "too many connections from address";
        if (it->second.handshakes >= limits_.handshakes_per_address)
            return "too many handshakes from address";
    }
    admitted_.emplace(std::this_thread::get_id(), address);
    count(address, 1, 1);
    return nullptr;
}

void Admission::adopt(const lws *wsi) {
    // libwebsockets creates the socket's lws right after accepting it; a
    // creation without an admission is not an accepted socket.
    std::lock_guard lock(mu_);
    auto admitted = admitted_.extract(std::this_thread::get_id());
    if (!admitted) return;
    sockets_.emplace(wsi, Socket{std::move(admitted.mapped()), true, false});
}

void Admission::request_complete(const lws *wsi) {
    std::lock_guard lock(mu_);
    const auto it = sockets_.find(wsi);
    if (it == sockets_.end() || !it->second.handshake) return;
    it->second.handshake = false;
    count(it->second.address, 0, -1);
}

const char *Admission::serve(const lws *wsi) {
    std::lock_guard lock(mu_);
    const auto it = sockets_.find(wsi);
    if (it == sockets_.end() || it->second.served) return nullptr;
    if (served_ >= limits_.connections) return "too many connections";
    it->second.served = true;
    ++served_;
    return nullptr;
}

void Admission::release(const lws *wsi) {
    std::lock_guard lock(mu_);
    const auto it = sockets_.find(wsi);
    if (it == sockets_.end()) return;
    if (it->second.served) --served_;
    count(it->second.address, -1, it->second.handshake ? -1 : 0);
    sockets_.erase(it);
}

void Admission::count(const std::string &address, int sockets, int handshakes) {
    PerAddress &counts = addresses_[address];
    counts.sockets += static_cast<uint32_t>(sockets);
    counts.handshakes += static_cast<uint32_t>(handshakes);
    if (counts.sockets == 0) addresses_.erase(address);
}

void refuse_socket(int fd) {
    std::array<char, 4096> scratch;
    // A request fits in a few reads; a client that keeps sending is not waited for.
    for (int reads = 0; reads < 4; ++reads)
        if (::recv(fd, scratch.data(), scratch.size(), MSG_DONTWAIT) <= 0) break;
    static constexpr std::string_view answer = "HTTP/1.1 503 Service Unavailable\r\n"
                                               "Content-Length: 0\r\n"
                                               "Connection: close\r\n\r\n";
    [[maybe_unused]] const auto sent =
        ::send(fd, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

} // namespace chatd::net
