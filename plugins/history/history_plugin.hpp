#pragma once

#include "fault_log.hpp"
#include "settings.hpp"
#include "store/history_store.hpp"

#include <chatd/plugin_sdk.hpp>

#include <array>
#include <memory>

namespace chatd::history {

// The history plugin: every room message is stored before anyone sees it.
// In the commit phase it hands the message to the store and pauses the
// frame; the store numbers it inside its transaction and, once that is
// durable, the host delivers exactly the stored record and acks the sender
// with its seq. A message that could not be stored gets an error instead of
// an ack and is delivered to nobody.
class HistoryPlugin {
public:
    explicit HistoryPlugin(const chatd::Host &host);
    // Stores every message already accepted, then closes the database.
    ~HistoryPlugin();

    static const std::array<chatd_stage, 1> stages;
    chatd::Stage commit(chatd::Frame &frame);

private:
    chatd::Host host_;
    Settings settings_;
    FaultLog faults_;
    std::unique_ptr<HistoryStore> store_;
};

} // namespace chatd::history
