#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "core/log.hpp"
#include "core/version.hpp"

#include <cstdio>

int main(int argc, char **argv) {
    using namespace chatd;
    std::string error;
    auto options = cli::parse(argc, argv, error);
    if (!options) {
        std::fprintf(stderr, "chatd: %s\n%s", error.c_str(), cli::usage());
        return 2;
    }
    if (options->command == cli::Command::Help) {
        std::printf("%s", cli::usage());
        return 0;
    }
    if (options->command == cli::Command::Version) {
        std::printf("chatd %s (plugin ABI %d.%d)\n", kVersion, CHATD_ABI_MAJOR, CHATD_ABI_MINOR);
        return 0;
    }
    log::init();

    auto loaded = options->config_path ? config::load_file(*options->config_path)
                                       : config::LoadResult(config::defaults());
    if (auto *errors = std::get_if<std::vector<config::Error>>(&loaded)) {
        for (const auto &e : *errors)
            std::fprintf(stderr, "%s\n", e.str().c_str());
        return 1;
    }
    const auto &config = std::get<config::Config>(loaded);
    if (auto level = log::parse_level(config.server.log_level)) log::set_level(*level);

    switch (options->command) {
    case cli::Command::CheckConfig: return cli::check_config(config);
    case cli::Command::ListPlugins: return cli::list_plugins(config);
    default: return cli::serve(config);
    }
}
