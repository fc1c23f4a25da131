#include "fake_transport.hpp"

namespace chatd::test {

transport::SendResult FakeTransport::send(chatd_conn_id conn, transport::PayloadPtr payload) {
    {
        std::lock_guard lock(mu_);
        if (gone_.contains(conn)) return transport::SendResult::Gone;
        if (full_.contains(conn)) return transport::SendResult::Full;
        sent_[conn].emplace_back(payload->text());
    }
    cv_.notify_all();
    return transport::SendResult::Queued;
}

void FakeTransport::gone(chatd_conn_id conn) {
    std::lock_guard lock(mu_);
    gone_.insert(conn);
}

void FakeTransport::fill(chatd_conn_id conn) {
    std::lock_guard lock(mu_);
    full_.insert(conn);
}

void FakeTransport::close(chatd_conn_id conn, uint16_t code, std::string reason) {
    std::lock_guard lock(mu_);
    closes_.push_back({conn, code, std::move(reason)});
}

void FakeTransport::frame_done(chatd_conn_id conn) {
    std::lock_guard lock(mu_);
    ++done_[conn];
}

std::optional<std::string> FakeTransport::wait_frame(chatd_conn_id conn, size_t index,
                                                     std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, timeout, [&] { return sent_[conn].size() > index; }))
        return std::nullopt;
    return sent_[conn][index];
}

std::vector<std::string> FakeTransport::frames(chatd_conn_id conn) const {
    std::lock_guard lock(mu_);
    auto it = sent_.find(conn);
    return it == sent_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<FakeTransport::Close> FakeTransport::closes() const {
    std::lock_guard lock(mu_);
    return closes_;
}

size_t FakeTransport::frames_done(chatd_conn_id conn) const {
    std::lock_guard lock(mu_);
    auto it = done_.find(conn);
    return it == done_.end() ? 0 : it->second;
}

} // namespace chatd::test
