#pragma once

#include <chatd/plugin_abi.h>
#include <cstddef>
#include <optional>
#include <string>

namespace chatd::loader {

// The descriptor as released in ABI 1.0; nothing valid is smaller.
inline constexpr size_t kMinDescriptorSize =
    offsetof(chatd_plugin_descriptor, on_frame) + sizeof(void *);

// Copies a plugin's descriptor into a zero-filled host struct (min of both
// sizes), so fields the plugin predates read as zero. nullopt if the plugin's
// struct_size is below kMinDescriptorSize.
std::optional<chatd_plugin_descriptor> copy_descriptor(const chatd_plugin_descriptor *raw);

// Why this host must refuse the descriptor, or nullopt if it can load it:
// majors equal, plugin minor <= host minor, every required capability offered,
// a valid name and well-formed config options.
std::optional<std::string> check_descriptor(const chatd_plugin_descriptor &d,
                                            uint16_t host_major = CHATD_ABI_MAJOR,
                                            uint16_t host_minor = CHATD_ABI_MINOR);

bool valid_plugin_name(std::string_view name);

// Option i of a descriptor's table, stepping by the plugin's own struct_size.
// Only for a descriptor check_descriptor accepted: that makes every element at
// least as large as chatd_config_option.
const chatd_config_option &config_option_at(const chatd_plugin_descriptor &d, uint32_t i);

} // namespace chatd::loader
