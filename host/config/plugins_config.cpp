#include "config/plugins_config.hpp"

#include "config/paths.hpp"
#include "config/schema.hpp"

#include <algorithm>

namespace chatd::config {

std::filesystem::path default_plugin_dir() {
    static const std::filesystem::path dir = [] {
        std::string_view configured = CHATD_DEFAULT_PLUGIN_DIR;
        if (!configured.empty()) return std::filesystem::path(configured);
        std::error_code ec;
        auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
        if (ec) return std::filesystem::path("lib/chatd/plugins");
        return (exe.parent_path() / ".." / "lib" / "chatd" / "plugins").lexically_normal();
    }();
    return dir;
}

bool is_plugin_name(std::string_view name) {
    return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

namespace {

void read_dir(const RawEntry &entry, const std::filesystem::path &base_dir, const std::string &file,
              PluginsConfig &config, std::vector<Error> &errors) {
    static const OptionSpec option{.name = "dir", .type = CHATD_CONFIG_PATH};
    const auto value = check_entry(entry, &option, "[plugins]", file, errors);
    if (!value) return;
    // Kept relative when the config is (a bare file name): it is read once, at start-up.
    config.dir = resolve_config_path(base_dir, std::get<std::string>(*value));
}

void read_pipeline(const RawEntry &entry, const std::string &file, PluginsConfig &config,
                   std::vector<Error> &errors) {
    static const OptionSpec option{.name = "pipeline", .type = CHATD_CONFIG_STRING_ARRAY};
    const auto value = check_entry(entry, &option, "[plugins]", file, errors);
    if (!value) return;
    const auto &names = std::get<std::vector<std::string>>(*value);
    std::vector<std::string> invalid, repeated;
    for (auto name = names.begin(); name != names.end(); ++name) {
        if (!is_plugin_name(*name))
            invalid.push_back(*name);
        else if (std::find(names.begin(), name, *name) != name &&
                 std::find(repeated.begin(), repeated.end(), *name) == repeated.end())
            repeated.push_back(*name);
    }
    if (!invalid.empty())
        errors.push_back(error_at(file, entry.value_position,
                                  "'pipeline' holds invalid plugin names " + quote_list(invalid) +
                                      " (names are [a-z0-9_]{1,64})"));
    if (!repeated.empty())
        errors.push_back(error_at(file, entry.value_position,
                                  "'pipeline' names " + quote_list(repeated) + " more than once"));
    if (invalid.empty() && repeated.empty()) config.pipeline = names;
}

} // namespace

PluginsSection read_plugins(const RawTable &table, const std::filesystem::path &base_dir,
                            const std::string &file, std::vector<Error> &errors) {
    PluginsSection section;
    for (const RawEntry &entry : table) {
        if (entry.key == "dir") {
            read_dir(entry, base_dir, file, section.config, errors);
        } else if (entry.key == "pipeline") {
            read_pipeline(entry, file, section.config, errors);
        } else if (!entry.is_table) {
            errors.push_back(error_at(file, entry.key_position,
                                      "unknown key '" + entry.key +
                                          "' in [plugins]: only 'dir', 'pipeline' and "
                                          "[plugins.<name>] tables belong there"));
        } else if (!is_plugin_name(entry.key)) {
            errors.push_back(error_at(file, entry.key_position,
                                      "invalid plugin name '" + entry.key + "' in [plugins." +
                                          entry.key + "] (names are [a-z0-9_]{1,64})"));
        } else {
            section.plugin_tables.push_back(entry);
        }
    }
    return section;
}

} // namespace chatd::config
