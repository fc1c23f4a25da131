#include "net/http_response_queue.hpp"

#include <utility>

namespace chatd::net {

bool HttpResponseQueue::respond(unsigned status, transport::HttpHeaders headers, std::string body) {
    std::lock_guard lock(mu_);
    if (state_ != State::Waiting) return false;
    head_ = HttpHead{status, std::move(headers), body.size()};
    queue_locked(std::move(body));
    state_ = State::Ended;
    finished_by_responder_ = true;
    return true;
}

bool HttpResponseQueue::begin_stream(unsigned status, transport::HttpHeaders headers) {
    std::lock_guard lock(mu_);
    if (state_ != State::Waiting) return false;
    head_ = HttpHead{status, std::move(headers), std::nullopt};
    state_ = State::Streaming;
    return true;
}

transport::StreamWrite HttpResponseQueue::write(std::string chunk) {
    std::lock_guard lock(mu_);
    if (state_ != State::Streaming) return transport::StreamWrite::Gone;
    if (bytes_ + chunk.size() > limit_) {
        // Nothing queued is worth delivering to a client that is being cut off.
        chunks_.clear();
        bytes_ = 0;
        state_ = State::Cut;
        return transport::StreamWrite::Overflow;
    }
    queue_locked(std::move(chunk));
    return transport::StreamWrite::Queued;
}

bool HttpResponseQueue::end_stream() {
    std::lock_guard lock(mu_);
    if (state_ != State::Streaming) return false;
    state_ = State::Ended;
    finished_by_responder_ = true;
    return true;
}

void HttpResponseQueue::end_for_responder(unsigned status, std::string body) {
    std::lock_guard lock(mu_);
    if (state_ == State::Waiting) {
        head_ = HttpHead{status, {{"content-type", "text/plain; charset=utf-8"}}, body.size()};
        queue_locked(std::move(body));
    }
    if (state_ != State::Cut) state_ = State::Ended;
}

void HttpResponseQueue::cut() {
    std::lock_guard lock(mu_);
    chunks_.clear();
    bytes_ = 0;
    state_ = State::Cut;
}

bool HttpResponseQueue::finished_by_responder() const {
    std::lock_guard lock(mu_);
    return finished_by_responder_;
}

std::optional<HttpHead> HttpResponseQueue::take_head() {
    std::lock_guard lock(mu_);
    return std::exchange(head_, std::nullopt);
}

std::optional<std::string> HttpResponseQueue::take_chunk() {
    std::lock_guard lock(mu_);
    if (chunks_.empty()) return std::nullopt;
    std::string chunk = std::move(chunks_.front());
    chunks_.pop_front();
    bytes_ -= chunk.size();
    return chunk;
}

bool HttpResponseQueue::is_cut() const {
    std::lock_guard lock(mu_);
    return state_ == State::Cut;
}

bool HttpResponseQueue::drained() const {
    std::lock_guard lock(mu_);
    return state_ == State::Ended && chunks_.empty();
}

void HttpResponseQueue::queue_locked(std::string chunk) {
    if (chunk.empty()) return;
    bytes_ += chunk.size();
    chunks_.push_back(std::move(chunk));
}

} // namespace chatd::net
