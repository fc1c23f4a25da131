// Access questions: a plugin about to act asks whether a connection or an
// HTTP request may, and every plugin that decides such things may object.
#include "pipeline/pipeline.hpp"
#include "pipeline/plugin.hpp"

#include <spdlog/spdlog.h>

namespace chatd::pipeline {

std::optional<std::string> Pipeline::ask_access(const chatd_access_question &question) {
    for (chatd_plugin *p : plugins_) {
        if (!p->active || !p->descriptor.on_access) continue;
        char reason[512] = {};
        chatd_access verdict = CHATD_ACCESS_DENY;
        // A decider that fails is a refusal: allowing what could not be
        // checked is worse than refusing it.
        if (!guarded(p, "on_access", [&] {
                verdict = p->descriptor.on_access(p->state, &question, reason, sizeof reason);
            }))
            return "internal error";
        if (verdict == CHATD_ACCESS_ALLOW) continue;
        if (verdict != CHATD_ACCESS_DENY)
            spdlog::error("[{}] on_access returned unknown verdict {}; denying", p->name, verdict);
        reason[sizeof reason - 1] = '\0';
        return reason[0] ? std::string(reason) : std::string("not allowed");
    }
    return std::nullopt;
}

} // namespace chatd::pipeline
