#include "loader/abi_check.hpp"

#include "host_api/host_api.hpp"
#include "pipeline/plugin.hpp"

#include <algorithm>
#include <cstring>

namespace chatd::loader {

namespace {

std::string version(unsigned major, unsigned minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

std::optional<std::string> check_options(const chatd_plugin_descriptor &d) {
    if (d.config_option_count == 0) return std::nullopt;
    if (!d.config_options) return "declares config options but no option table";
    const uint32_t stride = d.config_options[0].struct_size;
    if (stride < sizeof(chatd_config_option))
        return "config option size " + std::to_string(stride) + " is smaller than ABI 1.0's " +
               std::to_string(sizeof(chatd_config_option));
    for (uint32_t i = 0; i < d.config_option_count; ++i) {
        const chatd_config_option *opt = &config_option_at(d, i);
        if (opt->struct_size != stride) return "config options differ in struct_size";
        if (!opt->name || !valid_plugin_name(opt->name))
            return "config option " + std::to_string(i) + " has an invalid name";
        // PATH came with 1.1: to a plugin built for 1.0, 6 is no type at all.
        const chatd_config_type newest =
            d.abi_minor == 0 ? CHATD_CONFIG_STRING_ARRAY : CHATD_CONFIG_PATH;
        if (opt->type < CHATD_CONFIG_STRING || opt->type > newest)
            return std::string("config option '") + opt->name + "' has unknown type " +
                   std::to_string(opt->type);
    }
    return std::nullopt;
}

std::optional<std::string> check_stages(const chatd_plugin_descriptor &d) {
    if (d.flags & ~uint32_t(CHATD_PLUGIN_GATES_READY))
        return "unknown plugin flags " + std::to_string(d.flags) + " (built for a newer host?)";
    if (d.stage_count == 0) return std::nullopt;
    if (!d.stages) return "declares stages but no stage table";
    const uint32_t stride = d.stages[0].struct_size;
    if (stride < sizeof(chatd_stage))
        return "stage size " + std::to_string(stride) + " is smaller than ABI 1.1's " +
               std::to_string(sizeof(chatd_stage));
    for (uint32_t i = 0; i < d.stage_count; ++i) {
        const chatd_stage &stage = pipeline::element_at(d.stages, stride, i);
        const std::string which = "stage " + std::to_string(i);
        if (stage.struct_size != stride) return "stages differ in struct_size";
        if (stage.phase < CHATD_PHASE_RESOLVE || stage.phase > CHATD_PHASE_COMMIT)
            return which + " has unknown phase " + std::to_string(stage.phase);
        if (!stage.on_frame) return which + " has no on_frame";
        if (stage.flags & ~uint32_t(CHATD_STAGE_BEFORE_READY))
            return which + " has unknown flags " + std::to_string(stage.flags);
    }
    return std::nullopt;
}

} // namespace

bool valid_plugin_name(std::string_view name) {
    return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

const chatd_config_option &config_option_at(const chatd_plugin_descriptor &d, uint32_t i) {
    return pipeline::element_at(d.config_options, d.config_options[0].struct_size, i);
}

std::optional<chatd_plugin_descriptor> copy_descriptor(const chatd_plugin_descriptor *raw) {
    uint32_t size = 0;
    std::memcpy(&size, raw, sizeof size);
    if (size < kMinDescriptorSize) return std::nullopt;
    chatd_plugin_descriptor d{};
    std::memcpy(&d, raw, std::min<size_t>(size, sizeof d));
    return d;
}

std::optional<std::string> check_descriptor(const chatd_plugin_descriptor &d, uint16_t host_major,
                                            uint16_t host_minor) {
    const std::string theirs = version(d.abi_major, d.abi_minor);
    const std::string ours = version(host_major, host_minor);
    if (d.abi_major != host_major)
        return "built for ABI " + theirs + ", host provides ABI " + ours +
               ": major versions differ (plugin is " +
               (d.abi_major > host_major ? "newer" : "older") +
               "; rebuild it against this chatd's plugin_abi.h)";
    if (d.abi_minor > host_minor)
        return "built for ABI " + theirs + ", host provides ABI " + ours +
               " (plugin is newer; upgrade chatd or rebuild the plugin against this chatd)";
    if (d.host_api_size > sizeof(chatd_host_api))
        return "expects a host API table of " + std::to_string(d.host_api_size) +
               " bytes, host has " + std::to_string(sizeof(chatd_host_api)) + " (plugin is newer)";
    if (!d.name || !valid_plugin_name(d.name))
        return std::string("invalid plugin name '") + (d.name ? d.name : "") +
               "' (must be 1-64 of a-z 0-9 _)";
    for (const char *const *cap = d.required_capabilities; cap && *cap; ++cap) {
        const auto &offered = host_api::kCapabilities;
        if (std::find(offered.begin(), offered.end(), std::string_view(*cap)) == offered.end())
            return std::string("requires capability '") + *cap + "' that this host does not offer";
    }
    if (auto why = check_options(d)) return why;
    return check_stages(d);
}

} // namespace chatd::loader
