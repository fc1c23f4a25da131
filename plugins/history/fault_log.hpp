#pragma once

#include "store/history_store.hpp"

#include <chatd/plugin_sdk.hpp>

#include <cstdint>
#include <mutex>

namespace chatd::history {

// Tells the operator when messages stop being stored and when they are
// stored again, one line each, not one per refused message: a full disk
// under a busy room would otherwise write a line per message. Any thread.
class FaultLog {
public:
    explicit FaultLog(chatd::Host host) : host_(host) {}
    void failed(const StoreError &error);
    void stored();

private:
    chatd::Host host_;
    std::mutex mu_;
    bool failing_ = false;
    uint64_t refused_ = 0; // since the last line
};

// The error code and message a sender gets for a message that was not stored.
struct Refusal {
    const char *code;
    std::string message;
};
Refusal refusal_of(const StoreError &error);

} // namespace chatd::history
