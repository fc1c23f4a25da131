#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace chatd::storage {

// Tells the operator when an operation on a database (storing messages,
// storing topics, reading history) starts failing and when it works again,
// one line each, not one per failure: a full disk under a busy room would
// otherwise write a line per message. The lines go to the caller's log,
// since this library has none. Any thread.
class FaultLog {
public:
    using Line = std::function<void(const std::string &)>;
    // `what` names the operation, e.g. "messages are stored"; `meanwhile`
    // what its failing means.
    FaultLog(Line error, Line info, std::string what, std::string meanwhile = "clients get errors")
        : error_(std::move(error)), info_(std::move(info)), what_(std::move(what)),
          meanwhile_(std::move(meanwhile)) {}
    // `why` is the fault, e.g. an Error's what().
    void failed(const std::string &why);
    void worked();

private:
    const Line error_;
    const Line info_;
    const std::string what_;
    const std::string meanwhile_;
    std::mutex mu_;
    bool failing_ = false;
    uint64_t failures_ = 0; // since the last line
};

} // namespace chatd::storage
