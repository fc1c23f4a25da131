#include "cli/commands.hpp"
#include "loader/registry.hpp"
#include "pipeline/stage_table.hpp"

#include <cstdio>

namespace chatd::cli {

int list_plugins(const config::Config &config) {
    auto registry = loader::Registry::load(config);
    std::printf("plugins directory: %s\n", config.plugins.dir.c_str());
    for (chatd_plugin *p : registry.ordered()) {
        const auto &d = p->descriptor;
        // The phases its stages run in, e.g. "resolve,handle".
        std::string phases;
        for (const pipeline::StageEntry &stage : pipeline::build_stage_table({p})) {
            std::string name = pipeline::phase_name(stage.phase);
            if (phases.find(name) == std::string::npos)
                phases += (phases.empty() ? "" : ",") + name;
        }
        std::printf("ok       %-16s %-8s ABI %u.%u  %-16s  %s — %s\n", p->name.c_str(),
                    p->version.c_str(), d.abi_major, d.abi_minor,
                    phases.empty() ? "no stage" : phases.c_str(), p->path.c_str(),
                    p->description.c_str());
    }
    for (const auto &r : registry.refused())
        std::printf("refused  %s: %s\n", r.path.c_str(), r.reason.c_str());
    for (const auto &m : registry.misconfigured())
        std::printf("refused  %s: %s\n", m.refusal.path.c_str(), m.refusal.reason.c_str());
    for (const auto &e : registry.other_config_errors())
        std::printf("refused  config: %s\n", e.str().c_str());
    for (const auto &w : registry.warnings())
        std::printf("warning  %s\n", w.c_str());
    // Plugins whose init fails show up only when chatd starts (and stop it):
    // init may open files or sockets, which a listing must not do.
    return registry.refused().empty() && registry.config_errors().empty() ? 0 : 2;
}

} // namespace chatd::cli
