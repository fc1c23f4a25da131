#include "fake_transport.hpp"

namespace chatd::test {

transport::SendResult FakeTransport::send(chatd_conn_id conn, transport::PayloadPtr payload,
                                          transport::Traffic traffic) {
    {
        std::lock_guard lock(mu_);
        if (gone_.contains(conn)) return transport::SendResult::Gone;
        if (full_.contains(conn)) return transport::SendResult::Full;
        sent_[conn].emplace_back(payload->text());
        traffic_[conn].push_back(traffic);
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

std::vector<transport::Traffic> FakeTransport::traffic(chatd_conn_id conn) const {
    std::lock_guard lock(mu_);
    auto it = traffic_.find(conn);
    return it == traffic_.end() ? std::vector<transport::Traffic>{} : it->second;
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

void FakeTransport::http_arrived(uint64_t id) {
    std::lock_guard lock(mu_);
    http_[id] = {};
}

void FakeTransport::http_gone(uint64_t id) {
    std::lock_guard lock(mu_);
    http_gone_.insert(id);
}

HttpAnswer *FakeTransport::live(uint64_t id) {
    auto it = http_.find(id);
    return it == http_.end() || http_gone_.contains(id) ? nullptr : &it->second;
}

HttpAnswer *FakeTransport::unanswered(uint64_t id) {
    HttpAnswer *answer = live(id);
    return answer && !answer->status ? answer : nullptr;
}

HttpAnswer *FakeTransport::open_stream(uint64_t id) {
    HttpAnswer *answer = live(id);
    return answer && answer->streaming && !answer->complete ? answer : nullptr;
}

bool FakeTransport::respond(uint64_t id, unsigned status, transport::HttpHeaders headers,
                            std::string body) {
    std::lock_guard lock(mu_);
    HttpAnswer *answer = unanswered(id);
    if (!answer) return false;
    *answer = {status, std::move(headers), std::move(body), false, true};
    return true;
}

bool FakeTransport::stream_begin(uint64_t id, unsigned status, transport::HttpHeaders headers) {
    std::lock_guard lock(mu_);
    HttpAnswer *answer = unanswered(id);
    if (!answer) return false;
    *answer = {status, std::move(headers), {}, true, false};
    return true;
}

transport::StreamWrite FakeTransport::stream_write(uint64_t id, std::string chunk) {
    std::lock_guard lock(mu_);
    HttpAnswer *stream = open_stream(id);
    if (!stream) return transport::StreamWrite::Gone;
    stream->body += chunk;
    return transport::StreamWrite::Queued;
}

bool FakeTransport::stream_end(uint64_t id) {
    std::lock_guard lock(mu_);
    HttpAnswer *stream = open_stream(id);
    if (!stream) return false;
    stream->complete = true;
    return true;
}

std::optional<HttpAnswer> FakeTransport::http_answer(uint64_t id) const {
    std::lock_guard lock(mu_);
    auto it = http_.find(id);
    if (it == http_.end()) return std::nullopt;
    return it->second;
}

} // namespace chatd::test
