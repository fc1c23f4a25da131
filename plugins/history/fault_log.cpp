#include "fault_log.hpp"

namespace chatd::history {

void FaultLog::failed(const StoreError &error) {
    std::lock_guard lock(mu_);
    ++refused_;
    if (failing_) return;
    failing_ = true;
    host_.error(std::string("messages are not being stored, senders get errors: ") + error.what());
}

void FaultLog::stored() {
    std::lock_guard lock(mu_);
    if (!failing_) return;
    failing_ = false;
    host_.info("messages are stored again, after " + std::to_string(refused_) + " were refused");
    refused_ = 0;
}

Refusal refusal_of(const StoreError &error) {
    switch (error.fault()) {
    case Fault::Busy: return {"busy", "history is busy; the message was not stored, send it again"};
    case Fault::Full:
        return {"not_stored", "the message was not stored: the server's disk is full"};
    case Fault::ReadOnly:
        return {"not_stored", "the message was not stored: history cannot be written"};
    case Fault::Unavailable:
        return {"not_stored", "the message was not stored: history is shutting down"};
    // A query's fault; an append never has it.
    case Fault::BadQuery: return {"bad_request", error.what()};
    case Fault::Corrupt:
    case Fault::Other: break;
    }
    return {"not_stored", "the message was not stored: history failed"};
}

} // namespace chatd::history
