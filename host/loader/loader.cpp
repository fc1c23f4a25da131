#include "loader/loader.hpp"

#include "loader/abi_check.hpp"

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <dlfcn.h>
#include <fstream>
#include <map>

namespace chatd::loader {

namespace {

namespace fs = std::filesystem;

bool has_elf_header(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    in.read(magic, sizeof magic);
    return in.gcount() == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' &&
           magic[3] == 'F';
}

// Boost.DLL clears dlerror(); ask the dynamic loader once more for its words.
std::string dlopen_diagnostic(const fs::path &path) {
    void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle) {
        dlclose(handle);
        return "the dynamic loader refused it";
    }
    const char *why = dlerror();
    return why ? why : "the dynamic loader refused it";
}

std::vector<chatd::config::OptionSpec> option_specs(const chatd_plugin_descriptor &d) {
    std::vector<chatd::config::OptionSpec> specs;
    for (uint32_t i = 0; i < d.config_option_count; ++i) {
        specs.push_back(chatd::config::option_spec(config_option_at(d, i)));
    }
    return specs;
}

} // namespace

std::string Refusal::line() const { return "refused plugin " + path.string() + ": " + reason; }

Loaded load_plugin(const fs::path &path) {
    auto refuse = [&](std::string reason) { return Refusal{path, std::move(reason)}; };
    if (!has_elf_header(path)) return refuse("not a shared library (no ELF header)");

    auto library = std::make_shared<boost::dll::shared_library>();
    boost::system::error_code ec;
    library->load(path.string(),
                  boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
    if (ec) return refuse("not a loadable shared library: " + dlopen_diagnostic(path));
    if (!library->has(CHATD_PLUGIN_ENTRY_SYMBOL))
        return refuse(std::string("no entry symbol '") + CHATD_PLUGIN_ENTRY_SYMBOL +
                      "' (is it built with CHATD_EXPORT / CHATD_PLUGIN?)");

    auto entry = library->get<const chatd_plugin_descriptor *(uint16_t, uint16_t)>(
        CHATD_PLUGIN_ENTRY_SYMBOL);
    return load_entry(entry, path, std::move(library));
}

Loaded load_entry(chatd_plugin_entry_fn entry, const fs::path &path,
                  std::shared_ptr<const void> code) {
    auto refuse = [&](std::string reason) { return Refusal{path, std::move(reason)}; };
    const chatd_plugin_descriptor *raw = entry(CHATD_ABI_MAJOR, CHATD_ABI_MINOR);
    if (!raw) return refuse("entry point returned no descriptor (the plugin declined this host)");
    auto descriptor = copy_descriptor(raw);
    if (!descriptor)
        return refuse("descriptor is smaller than the ABI 1.0 descriptor (" +
                      std::to_string(kMinDescriptorSize) + " bytes)");
    if (auto why = check_descriptor(*descriptor)) return refuse(*why);

    auto plugin = std::make_unique<chatd_plugin>();
    plugin->code = std::move(code);
    plugin->path = path;
    plugin->descriptor = *descriptor;
    plugin->name = descriptor->name;
    plugin->version = descriptor->version ? descriptor->version : "";
    plugin->description = descriptor->description ? descriptor->description : "";
    plugin->options = option_specs(*descriptor);
    return plugin;
}

Scan scan_directory(const fs::path &dir) {
    Scan scan;
    std::error_code ec;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".so") files.push_back(it->path());
    if (ec) {
        scan.refused.push_back({dir, "cannot read plugins directory: " + ec.message()});
        return scan;
    }
    std::sort(files.begin(), files.end());

    std::map<std::string, fs::path> taken;
    for (const auto &file : files) {
        auto result = load_plugin(file);
        if (auto *refusal = std::get_if<Refusal>(&result)) {
            scan.refused.push_back(std::move(*refusal));
            continue;
        }
        auto &plugin = std::get<std::unique_ptr<chatd_plugin>>(result);
        auto [it, fresh] = taken.emplace(plugin->name, file);
        if (!fresh) {
            scan.refused.push_back({file, "duplicate plugin name '" + plugin->name +
                                              "' (already loaded from " + it->second.string() +
                                              ")"});
            continue;
        }
        scan.loaded.push_back(std::move(plugin));
    }
    return scan;
}

} // namespace chatd::loader
