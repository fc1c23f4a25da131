#pragma once

#include "store/history_store.hpp"

#include <chatd/plugin_sdk.hpp>
#include <chatd/storage/fault_log.hpp>

#include <string>

namespace chatd::history {

// storage's FaultLog for the history plugin's faults, into chatd's log. A
// bad query is the client's fault, answered to it; the store is fine, so it
// is not a failure here. Any thread.
class FaultLog {
public:
    // `what` names the operation: "messages are stored", "history is read";
    // `meanwhile` what its failing means.
    FaultLog(chatd::Host host, std::string what, std::string meanwhile = "clients get errors")
        : log_([host](const std::string &line) { host.error(line); },
               [host](const std::string &line) { host.info(line); }, std::move(what),
               std::move(meanwhile)) {}
    void failed(const StoreError &error);
    void worked() { log_.worked(); }

private:
    storage::FaultLog log_;
};

// The error code and message a client gets for a store's fault: a sender
// whose message was not stored, a history request that was not read, or a
// deletion that was not written.
struct Refusal {
    const char *code;
    std::string message;
};
Refusal append_refusal(const StoreError &error);
Refusal read_refusal(const StoreError &error);
// For a moderator whose deletion was not written.
Refusal delete_refusal(const StoreError &error);

} // namespace chatd::history
