#pragma once

#include "config/loader.hpp"
#include "loader/loader.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chatd::pipeline {
class Pipeline;
}

namespace chatd::loader {

// Validates the plugin's [plugins.<name>] table of config against the options
// it declared and keeps the settings; returns the errors instead if any.
std::vector<config::Error> configure(chatd_plugin &plugin, const config::Config &config);

// Runs the plugin's on_init with the host API table, on the pipeline thread
// (the caller's). Returns the refusal reason if init fails: the plugin is then
// inactive and nothing it started runs.
std::optional<std::string> init_plugin(chatd_plugin &plugin, pipeline::Pipeline &pipeline);

// Every plugin of one run, from the scan of the plugins directory to shutdown.
// Records stay alive (and their code mapped) until the registry is destroyed,
// after the pipeline has stopped, even for plugins whose init failed: their
// threads or queued callbacks may still point at them.
class Registry {
public:
    // Scans config.plugins.dir, validates each plugin's [plugins.<name>] table
    // and orders the plugins: `pipeline` names first, the rest by name.
    static Registry load(const config::Config &config);

    // Config problems that stop chatd from starting (file:line each): the
    // errors of every misconfigured plugin, then those of no plugin.
    std::vector<config::Error> config_errors() const;
    // Plugins whose [plugins.<name>] table is invalid, each with its errors.
    struct Misconfigured {
        Refusal refusal; // names the file; the reason quotes the errors
        std::vector<config::Error> errors;
    };
    const std::vector<Misconfigured> &misconfigured() const { return misconfigured_; }
    // Config errors that belong to no plugin (e.g. a table for a missing one).
    const std::vector<config::Error> &other_config_errors() const { return config_errors_; }
    // Pipeline entries that name no plugin in the directory.
    const std::vector<std::string> &warnings() const { return warnings_; }
    const std::vector<Refusal> &refused() const { return refused_; }
    // Loaded and ABI-checked, in pipeline order (not yet initialised).
    std::vector<chatd_plugin *> ordered() const;

    // A plugin whose on_init failed, and its reason ("init failed: ...").
    struct InitFailure {
        const chatd_plugin *plugin;
        std::string reason;
    };
    struct Initialised {
        std::vector<chatd_plugin *> active; // in pipeline order
        std::optional<InitFailure> failed;
    };
    // Runs on_init for each plugin on the pipeline thread, in order, and
    // stops at the first that fails: a plugin that loaded but cannot work
    // (history without its database) must stop chatd rather than let it
    // serve without it, silently storing nothing. `active` holds the plugins
    // initialised before the failure, so that they are shut down.
    Initialised init_all(pipeline::Pipeline &pipeline);

private:
    std::vector<std::unique_ptr<chatd_plugin>> plugins_;
    std::vector<Refusal> refused_;
    std::vector<Misconfigured> misconfigured_;
    std::vector<config::Error> config_errors_;
    std::vector<std::string> warnings_;
};

} // namespace chatd::loader
