#include "chatd/storage/fault_log.hpp"

namespace chatd::storage {

void FaultLog::failed(const std::string &why) {
    std::lock_guard lock(mu_);
    ++failures_;
    if (failing_) return;
    failing_ = true;
    error_("failing: " + what_ + " no more, " + meanwhile_ + ": " + why);
}

void FaultLog::worked() {
    std::lock_guard lock(mu_);
    if (!failing_) return;
    failing_ = false;
    info_("working again: " + what_ + ", after " + std::to_string(failures_) + " failures");
    failures_ = 0;
}

} // namespace chatd::storage
