#include "net/outbox.hpp"

namespace chatd::net {

Outbox::Push Outbox::push(transport::PayloadPtr payload, transport::Traffic traffic) {
    std::lock_guard lock(mu_);
    if (close_) return Push::Closing;
    if (bytes_ + payload->size() > limit_) {
        // Nothing queued is worth delivering to a client that is being cut off.
        drop_queue();
        close_ = CloseRequest{1008, "send queue full: client too slow"};
        return Push::Overflow;
    }
    const bool reply = traffic == transport::Traffic::Reply;
    bytes_ += payload->size();
    if (reply) reply_bytes_ += payload->size();
    queue_.push_back({std::move(payload), reply});
    return Push::Queued;
}

void Outbox::close(uint16_t code, std::string reason) {
    std::lock_guard lock(mu_);
    if (!close_) close_ = CloseRequest{code, std::move(reason)};
}

void Outbox::close_now(uint16_t code, std::string reason) {
    std::lock_guard lock(mu_);
    drop_queue();
    if (!close_) close_ = CloseRequest{code, std::move(reason)};
}

void Outbox::drop_queue() {
    queue_.clear();
    bytes_ = 0;
    reply_bytes_ = 0;
}

size_t Outbox::take(std::vector<transport::PayloadPtr> &out, size_t max_bytes) {
    std::lock_guard lock(mu_);
    size_t taken = 0;
    size_t wire_bytes = 0;
    while (!queue_.empty()) {
        const size_t next = queue_.front().payload->wire().size();
        if (taken > 0 && wire_bytes + next > max_bytes) break;
        Entry e = std::move(queue_.front());
        queue_.pop_front();
        bytes_ -= e.payload->size();
        if (e.reply) reply_bytes_ -= e.payload->size();
        out.push_back(std::move(e.payload));
        wire_bytes += next;
        ++taken;
    }
    return taken;
}

bool Outbox::empty() const {
    std::lock_guard lock(mu_);
    return queue_.empty();
}

std::optional<CloseRequest> Outbox::due_close() const {
    std::lock_guard lock(mu_);
    if (close_ && queue_.empty()) return close_;
    return std::nullopt;
}

bool Outbox::closing() const {
    std::lock_guard lock(mu_);
    return close_.has_value();
}

size_t Outbox::queued_bytes() const {
    std::lock_guard lock(mu_);
    return bytes_;
}

size_t Outbox::reply_bytes() const {
    std::lock_guard lock(mu_);
    return reply_bytes_;
}

} // namespace chatd::net
