// The stages of every active plugin, in the order a frame meets them: by
// phase, then plugin order ([plugins] pipeline, then name), then the order a
// plugin lists its stages in.
#pragma once

#include <chatd/plugin_abi.h>
#include <string>
#include <string_view>
#include <vector>

struct chatd_plugin;

namespace chatd::pipeline {

struct StageEntry {
    chatd_plugin *plugin = nullptr;
    chatd_phase phase = CHATD_PHASE_HANDLE;
    std::vector<std::string> types; // empty: every type
    uint32_t flags = 0;
    chatd_stage_status (*on_frame)(void *state, chatd_frame *frame) = nullptr;

    // Whether a frame of this type, from a connection that is or is not
    // ready, reaches this stage.
    bool sees(std::string_view type, bool ready) const;
};

std::vector<StageEntry> build_stage_table(const std::vector<chatd_plugin *> &plugins);

// "resolve", "identify", ...; "?" for a value outside the enum.
const char *phase_name(chatd_phase phase);

} // namespace chatd::pipeline
