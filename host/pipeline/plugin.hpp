#pragma once

#include "config/plugin_settings.hpp"

#include <chatd/plugin_abi.h>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chatd::pipeline {
class Pipeline;
}

// The host's side of the ABI's opaque plugin handle: one loaded plugin.
struct chatd_plugin {
    // Keeps the plugin's code mapped while this record exists; declared first,
    // so it is released last. Type-erased: the loader owns how code is mapped.
    std::shared_ptr<const void> code;
    std::filesystem::path path;
    std::string name;
    std::string version;
    std::string description;
    // Zero-filled host copy of the plugin's descriptor (min of both sizes).
    chatd_plugin_descriptor descriptor{};
    std::vector<chatd::config::OptionSpec> options;
    std::optional<chatd::config::PluginSettings> settings;

    void *state = nullptr;
    bool active = false; // on_init succeeded and on_shutdown has not run
    chatd::pipeline::Pipeline *pipeline = nullptr;
};
