#include "loader/abi_check.hpp"

#include "host_api/host_api.hpp"

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
        if (opt->type < CHATD_CONFIG_STRING || opt->type > CHATD_CONFIG_STRING_ARRAY)
            return std::string("config option '") + opt->name + "' has unknown type " +
                   std::to_string(opt->type);
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
    const auto *base = reinterpret_cast<const unsigned char *>(d.config_options);
    const size_t stride = d.config_options[0].struct_size;
    return *reinterpret_cast<const chatd_config_option *>(base + i * stride);
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
    return check_options(d);
}

} // namespace chatd::loader
