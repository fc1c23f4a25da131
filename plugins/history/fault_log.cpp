#include "fault_log.hpp"

namespace chatd::history {

void FaultLog::failed(const StoreError &error) {
    if (error.fault() != Fault::BadQuery) log_.failed(error.what());
}

Refusal append_refusal(const StoreError &error) {
    switch (error.fault()) {
    case Fault::Busy: return {"busy", "history is busy; the message was not stored, send it again"};
    case Fault::Full:
        return {"not_stored", "the message was not stored: the server's disk is full"};
    case Fault::ReadOnly:
        return {"not_stored", "the message was not stored: history cannot be written"};
    case Fault::Unavailable:
        return {"not_stored", "the message was not stored: history is shutting down"};
    case Fault::BadQuery: // a query's fault; an append never has it
    case Fault::Corrupt:
    case Fault::Other: break;
    }
    // Mostly an I/O error: a write the system refused (a file-size limit,
    // a file made read-only), which SQLite reports without the reason.
    return {"not_stored", "the message was not stored: history cannot be written now"};
}

Refusal read_refusal(const StoreError &error) {
    switch (error.fault()) {
    case Fault::BadQuery: return {"bad_request", error.what()};
    case Fault::Busy: return {"busy", "history is busy; ask again"};
    case Fault::Unavailable: return {"unavailable", "history is shutting down"};
    case Fault::Full:
    case Fault::ReadOnly:
    case Fault::Corrupt:
    case Fault::Other: break;
    }
    return {"unavailable", "history cannot be read now"};
}

Refusal delete_refusal(const StoreError &error) {
    if (error.fault() == Fault::Busy)
        return {"busy", "history is busy; the message was not deleted"};
    if (error.fault() == Fault::Unavailable)
        return {"unavailable", "the message was not deleted: history is shutting down"};
    return {"unavailable", "the message was not deleted: history cannot be written now"};
}

} // namespace chatd::history
