#include "pipeline/stage_table.hpp"

#include "pipeline/plugin.hpp"

#include <algorithm>

namespace chatd::pipeline {

bool StageEntry::sees(std::string_view type, bool ready) const {
    if (!ready && !(flags & CHATD_STAGE_BEFORE_READY)) return false;
    return types.empty() || std::find(types.begin(), types.end(), type) != types.end();
}

std::vector<StageEntry> build_stage_table(const std::vector<chatd_plugin *> &plugins) {
    std::vector<StageEntry> table;
    for (chatd_plugin *p : plugins) {
        const chatd_plugin_descriptor &d = p->descriptor;
        for (uint32_t i = 0; i < d.stage_count; ++i) {
            const chatd_stage &s = element_at(d.stages, d.stages[0].struct_size, i);
            StageEntry entry{p, s.phase, {}, s.flags, s.on_frame};
            for (const char *const *t = s.types; t && *t; ++t)
                entry.types.emplace_back(*t);
            table.push_back(std::move(entry));
        }
        if (d.on_frame) table.push_back({p, CHATD_PHASE_HANDLE, {}, 0, d.on_frame});
    }
    // Stable: within a phase the plugin order and each plugin's own order stay.
    std::stable_sort(table.begin(), table.end(),
                     [](const StageEntry &a, const StageEntry &b) { return a.phase < b.phase; });
    return table;
}

const char *phase_name(chatd_phase phase) {
    switch (phase) {
    case CHATD_PHASE_RESOLVE: return "resolve";
    case CHATD_PHASE_IDENTIFY: return "identify";
    case CHATD_PHASE_AUTHORIZE: return "authorize";
    case CHATD_PHASE_HANDLE: return "handle";
    case CHATD_PHASE_COMMIT: return "commit";
    default: return "?";
    }
}

} // namespace chatd::pipeline
