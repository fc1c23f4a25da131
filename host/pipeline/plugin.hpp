#pragma once

#include "config/plugin_settings.hpp"

#include <chatd/plugin_abi.h>
#include <filesystem>
#include <memory>
#include <optional>
#include <spdlog/spdlog.h>
#include <string>
#include <vector>

namespace chatd::pipeline {
class Pipeline;

// The i-th element of a descriptor's array whose elements are `stride` bytes
// apart: a plugin built against another minor lays its structs out with its
// own struct_size.
template <class T> const T &element_at(const T *base, size_t stride, size_t i) {
    return *reinterpret_cast<const T *>(reinterpret_cast<const unsigned char *>(base) + i * stride);
}
} // namespace chatd::pipeline

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
    bool active = false;       // on_init succeeded and on_shutdown has not run
    bool initializing = false; // inside on_init, where routes are registered
    chatd::pipeline::Pipeline *pipeline = nullptr;
};

namespace chatd::pipeline {

// A hook that throws across the C boundary is a plugin bug; the SDK already
// catches, this is the host's own guard for plugins written without it.
template <class F> bool guarded(const chatd_plugin *plugin, const char *hook, F &&fn) {
    try {
        fn();
        return true;
    } catch (const std::exception &e) {
        spdlog::error("[{}] {} threw: {}", plugin->name, hook, e.what());
    } catch (...) {
        spdlog::error("[{}] {} threw a non-standard exception", plugin->name, hook);
    }
    return false;
}

inline bool gates_readiness(const chatd_plugin *p) {
    return p->descriptor.flags & CHATD_PLUGIN_GATES_READY;
}

// ABI 1.0 promised on_open with the identity settled, which is readiness now.
inline bool built_for_1_0(const chatd_plugin *p) { return p->descriptor.abi_minor == 0; }

} // namespace chatd::pipeline
