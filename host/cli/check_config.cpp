#include "cli/commands.hpp"
#include "loader/registry.hpp"

#include <cstdio>

namespace chatd::cli {

int check_config(const config::Config &config) {
    // Loading the plugins (without initialising them) is what lets their
    // [plugins.<name>] tables be checked against what they declare.
    auto registry = loader::Registry::load(config);
    for (const auto &e : registry.config_errors())
        std::fprintf(stderr, "%s\n", e.str().c_str());
    for (const auto &w : registry.warnings())
        std::fprintf(stderr, "warning: %s\n", w.c_str());
    for (const auto &r : registry.refused())
        std::fprintf(stderr, "warning: %s\n", r.line().c_str());
    if (!registry.config_errors().empty()) return 1;
    std::printf("%s: configuration OK\n", config.source.c_str());
    return 0;
}

} // namespace chatd::cli
