#include "connection_pool.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace chatd::bench {
namespace {

// One read may take this much; level-triggered epoll brings the socket back
// if more is waiting, so a busy connection cannot starve the others.
constexpr std::size_t read_chunk = 256 * 1024;

} // namespace

ConnectionPool::ConnectionPool(in_addr address, std::uint16_t port, PoolHandler &handler)
    : handler_(handler), scratch_(read_chunk) {
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0) throw std::runtime_error("epoll_create1 failed");
    address_.sin_family = AF_INET;
    address_.sin_port = htons(port);
    address_.sin_addr = address;
    char text[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &address, text, sizeof text);
    host_header_ = std::string(text) + ":" + std::to_string(port);
}

ConnectionPool::~ConnectionPool() {
    close_all();
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
}

std::uint32_t ConnectionPool::next_mask() {
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    return static_cast<std::uint32_t>(rng_);
}

Connection *ConnectionPool::open(std::string_view path, std::size_t member) {
    ++counters_.connects_started;
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        ++counters_.connect_failures;
        return nullptr;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto conn = std::make_unique<Connection>();
    conn->id = static_cast<std::uint32_t>(conns_.size());
    conn->fd = fd;
    conn->member = member;
    conn->key = ws::make_key(rng_ + conn->id);
    conn->out = ws::upgrade_request(host_header_, path, conn->key);
    const int rc = ::connect(fd, reinterpret_cast<const sockaddr *>(&address_), sizeof address_);
    if (rc < 0 && errno != EINPROGRESS) {
        ::close(fd);
        ++counters_.connect_failures;
        return nullptr;
    }
    epoll_event event{};
    event.events = EPOLLOUT;
    event.data.u32 = conn->id;
    conn->want_write = true;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) {
        ::close(fd);
        ++counters_.connect_failures;
        return nullptr;
    }
    ++live_;
    conns_.push_back(std::move(conn));
    return conns_.back().get();
}

Connection *ConnectionPool::get(std::uint32_t id) {
    return id < conns_.size() ? conns_[id].get() : nullptr;
}

void ConnectionPool::send_text(Connection &conn, std::string_view text) {
    if (conn.state != ConnState::open) return;
    ws::append_frame(conn.out, ws::Opcode::text, text, next_mask());
    ++counters_.frames_out;
    if (!conn.dirty) {
        conn.dirty = true;
        dirty_.push_back(conn.id);
    }
}

void ConnectionPool::close(Connection &conn, std::uint16_t code) {
    if (conn.state == ConnState::open) {
        ws::append_close(conn.out, code, next_mask());
        conn.state = ConnState::closing;
        if (!conn.dirty) {
            conn.dirty = true;
            dirty_.push_back(conn.id);
        }
    } else if (conn.state != ConnState::closed && conn.state != ConnState::closing) {
        finish(conn, false);
    }
}

void ConnectionPool::close_all() {
    // No handler calls: this also runs from the destructor, when the
    // scenario that handles events may be gone already.
    for (auto &conn : conns_)
        if (conn && conn->fd >= 0) ::close(conn->fd);
    live_ = 0;
    conns_.clear();
    dirty_.clear();
    graveyard_.clear();
}

void ConnectionPool::arm(Connection &conn, bool want_write) {
    if (conn.want_write == want_write) return;
    epoll_event event{};
    event.events = EPOLLIN | (want_write ? EPOLLOUT : 0u);
    event.data.u32 = conn.id;
    epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, conn.fd, &event);
    conn.want_write = want_write;
}

void ConnectionPool::finish(Connection &conn, bool by_server) {
    if (conn.state == ConnState::closed) return;
    if (by_server && (conn.state == ConnState::open || conn.state == ConnState::upgrading)) {
        ++counters_.closed_by_server;
        ++counters_.close_codes[conn.close_code];
    }
    conn.state = ConnState::closed;
    epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, conn.fd, nullptr);
    ::close(conn.fd);
    conn.fd = -1;
    conn.out.clear();
    conn.out.shrink_to_fit();
    --live_;
    graveyard_.push_back(conn.id);
    handler_.on_closed(conn, by_server);
}

int ConnectionPool::poll(std::chrono::milliseconds timeout) {
    flush();
    epoll_event events[256];
    const int n = epoll_wait(epoll_fd_, events, 256, static_cast<int>(timeout.count()));
    for (int i = 0; i < n; ++i) {
        Connection *conn = get(events[i].data.u32);
        if (conn && conn->state != ConnState::closed) on_event(*conn, events[i].events);
    }
    flush();
    // Free what closed during this turn; the handlers held references until now.
    for (const auto id : graveyard_)
        conns_[id].reset();
    graveyard_.clear();
    return n < 0 ? 0 : n;
}

void ConnectionPool::on_event(Connection &conn, std::uint32_t events) {
    if (conn.state == ConnState::connecting) {
        int error = 0;
        socklen_t size = sizeof error;
        getsockopt(conn.fd, SOL_SOCKET, SO_ERROR, &error, &size);
        if (error != 0 || (events & (EPOLLERR | EPOLLHUP))) {
            ++counters_.connect_failures;
            finish(conn, false);
            return;
        }
        conn.state = ConnState::upgrading;
        conn.want_write = false;
        arm(conn, true); // switches to EPOLLIN | EPOLLOUT
        write_out(conn);
        return;
    }
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(conn);
    if (conn.state != ConnState::closed && (events & EPOLLOUT)) write_out(conn);
}

void ConnectionPool::on_readable(Connection &conn) {
    const ssize_t n = ::recv(conn.fd, scratch_.data(), scratch_.size(), 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        finish(conn, conn.state != ConnState::closing);
        return;
    }
    if (n < 0) return;
    std::string_view bytes(scratch_.data(), static_cast<std::size_t>(n));
    if (conn.state == ConnState::upgrading) {
        conn.head.append(bytes);
        const auto result = ws::check_handshake(conn.head, conn.key);
        if (result.state == ws::HandshakeState::incomplete) {
            if (conn.head.size() > 16384) {
                ++counters_.handshake_refused;
                finish(conn, false);
            }
            return;
        }
        if (result.state == ws::HandshakeState::refused) {
            ++counters_.handshake_refused;
            finish(conn, false);
            return;
        }
        conn.state = ConnState::open;
        conn.upgraded_at = Clock::now();
        ++counters_.upgrades;
        const std::string rest = conn.head.substr(result.head_bytes);
        conn.head.clear();
        conn.head.shrink_to_fit();
        handler_.on_open(conn);
        if (conn.state == ConnState::closed || rest.empty()) return;
        conn.decoder.feed(rest);
    } else {
        conn.decoder.feed(bytes);
    }
    on_frames(conn);
}

void ConnectionPool::on_frames(Connection &conn) {
    while (conn.state == ConnState::open || conn.state == ConnState::closing) {
        auto message = conn.decoder.next();
        if (!message) break;
        ++counters_.frames_in;
        switch (message->opcode) {
        case ws::Opcode::text:
            if (conn.state == ConnState::open) handler_.on_text(conn, message->payload);
            break;
        case ws::Opcode::ping:
            if (conn.state == ConnState::open) {
                ws::append_frame(conn.out, ws::Opcode::pong, message->payload, next_mask());
                if (!conn.dirty) {
                    conn.dirty = true;
                    dirty_.push_back(conn.id);
                }
            }
            break;
        case ws::Opcode::close:
            if (conn.state == ConnState::open) {
                // The server closed first: answer, then drop the socket.
                const auto &p = message->payload;
                conn.close_code =
                    p.size() >= 2
                        ? static_cast<std::uint16_t>((static_cast<unsigned char>(p[0]) << 8) |
                                                     static_cast<unsigned char>(p[1]))
                        : std::uint16_t{1005};
                ws::append_close(conn.out, 1000, next_mask());
                write_out(conn);
                finish(conn, true);
            } else {
                finish(conn, false);
            }
            return;
        default: break; // binary and pong: not part of any scenario
        }
    }
    if (!conn.decoder.error().empty() && conn.state != ConnState::closed) {
        ++counters_.protocol_errors;
        finish(conn, true);
    }
}

void ConnectionPool::write_out(Connection &conn) {
    while (conn.out_sent < conn.out.size()) {
        const ssize_t n = ::send(conn.fd, conn.out.data() + conn.out_sent,
                                 conn.out.size() - conn.out_sent, MSG_NOSIGNAL);
        if (n > 0) {
            conn.out_sent += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            arm(conn, true);
            return;
        }
        finish(conn, conn.state != ConnState::closing);
        return;
    }
    conn.out.clear();
    conn.out_sent = 0;
    arm(conn, false);
}

void ConnectionPool::flush() {
    // write_out may close connections, whose handlers may queue more: take
    // the list first.
    std::vector<std::uint32_t> ids;
    ids.swap(dirty_);
    for (const auto id : ids) {
        Connection *conn = get(id);
        if (!conn) continue;
        conn->dirty = false;
        if (conn->state != ConnState::closed && conn->state != ConnState::connecting &&
            conn->state != ConnState::upgrading)
            write_out(*conn);
    }
    if (dirty_.empty()) {
        ids.clear();
        dirty_.swap(ids); // keeps the capacity for the next turn
    }
}

} // namespace chatd::bench
