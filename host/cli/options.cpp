#include "cli/options.hpp"

#include <string_view>

namespace chatd::cli {

const char *usage() {
    return "usage: chatd [--config PATH] [--check-config | --list-plugins]\n"
           "       chatd --version | --help\n"
           "\n"
           "  --config PATH    read configuration from PATH (default: built-in defaults)\n"
           "  --check-config   validate the configuration and plugin tables, then exit\n"
           "  --list-plugins   show which plugins would load and why others would not\n"
           "  --version        print the version and plugin ABI, then exit\n";
}

std::optional<Options> parse(int argc, char **argv, std::string &error) {
    Options o;
    bool command_set = false;
    auto set_command = [&](Command c, std::string_view flag) {
        if (command_set) {
            error = "only one of --check-config, --list-plugins, --version, --help may be given (" +
                    std::string(flag) + ")";
            return false;
        }
        command_set = true;
        o.command = c;
        return true;
    };
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--config") {
            if (i + 1 >= argc) {
                error = "--config needs a path";
                return std::nullopt;
            }
            o.config_path = argv[++i];
        } else if (arg.rfind("--config=", 0) == 0) {
            o.config_path = std::string(arg.substr(9));
        } else if (arg == "--check-config") {
            if (!set_command(Command::CheckConfig, arg)) return std::nullopt;
        } else if (arg == "--list-plugins") {
            if (!set_command(Command::ListPlugins, arg)) return std::nullopt;
        } else if (arg == "--version") {
            if (!set_command(Command::Version, arg)) return std::nullopt;
        } else if (arg == "--help" || arg == "-h") {
            if (!set_command(Command::Help, arg)) return std::nullopt;
        } else {
            error = "unknown argument '" + std::string(arg) + "'";
            return std::nullopt;
        }
    }
    return o;
}

} // namespace chatd::cli
