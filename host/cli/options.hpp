#pragma once

#include <optional>
#include <string>

namespace chatd::cli {

enum class Command { Serve, CheckConfig, ListPlugins, Version, Help };

struct Options {
    Command command = Command::Serve;
    std::optional<std::string> config_path;
};

// nullopt (with a message in error) for arguments chatd does not understand.
std::optional<Options> parse(int argc, char **argv, std::string &error);
const char *usage();

} // namespace chatd::cli
