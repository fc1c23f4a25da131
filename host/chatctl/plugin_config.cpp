#include "chatctl/plugin_config.hpp"

namespace chatd::chatctl {

std::variant<PluginConfig, std::string>
plugin_config(const DatabaseChoice &choice, const PluginDatabase &which,
              const std::vector<config::OptionSpec> &specs) {
    PluginConfig out;
    if (choice.config) {
        auto read = read_plugin_table(*choice.config, which.plugin);
        if (auto *error = std::get_if<std::string>(&read)) return *error;
        out.table = std::get<PluginTable>(std::move(read));
    }
    // A config without the table is all defaults, its paths relative to
    // the config's directory as chatd takes them.
    config::RawEntry table;
    table.key = std::string(which.plugin);
    table.is_table = true;
    if (out.table) table.table = out.table->entries;
    const std::string file = out.table ? out.table->file : std::string();
    auto checked = config::make_plugin_settings(out.table ? &table : nullptr, which.plugin, specs,
                                                file, std::filesystem::path(file).parent_path());
    if (auto *errors = std::get_if<std::vector<config::Error>>(&checked))
        return errors->front().str();
    out.values = std::get<config::PluginSettings>(std::move(checked));
    out.database = choice.db   ? std::filesystem::path(*choice.db)
                   : out.table ? std::filesystem::path(setting<std::string>(out.values, "database"))
                               : std::filesystem::path(which.default_file);
    return out;
}

} // namespace chatd::chatctl
