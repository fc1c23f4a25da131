#pragma once

#include "store/history_store.hpp"

#include <chatd/plugin_sdk.hpp>

#include <cstdint>
#include <mutex>
#include <string>

namespace chatd::history {

// Tells the operator when an operation (storing messages, reading history)
// starts failing and when it works again, one line each, not one per
// failure: a full disk under a busy room would otherwise write a line per
// message. Any thread.
class FaultLog {
public:
    // `what` names the operation: "messages are stored", "history is read";
    // `meanwhile` what its failing means.
    FaultLog(chatd::Host host, std::string what, std::string meanwhile = "clients get errors")
        : host_(host), what_(std::move(what)), meanwhile_(std::move(meanwhile)) {}
    void failed(const StoreError &error);
    void worked();

private:
    chatd::Host host_;
    const std::string what_;
    const std::string meanwhile_;
    std::mutex mu_;
    bool failing_ = false;
    uint64_t failures_ = 0; // since the last line
};

// The error code and message a client gets for a store's fault: a sender
// whose message was not stored, or a history request that was not read.
struct Refusal {
    const char *code;
    std::string message;
};
Refusal append_refusal(const StoreError &error);
Refusal read_refusal(const StoreError &error);

} // namespace chatd::history
