#include "config/plugin_settings.hpp"

#include "config/paths.hpp"
#include "config/schema.hpp"

#include <algorithm>

namespace chatd::config {

const Value *PluginSettings::find(std::string_view key) const {
    const auto it = values_.find(key);
    return it == values_.end() ? nullptr : &it->second;
}

namespace {

Value default_value(const OptionSpec &option, const std::filesystem::path &base_dir) {
    switch (option.type) {
    case CHATD_CONFIG_INT: return option.default_int;
    case CHATD_CONFIG_BOOL: return option.default_int != 0;
    case CHATD_CONFIG_DOUBLE: return option.default_double;
    case CHATD_CONFIG_STRING_ARRAY: return std::vector<std::string>{};
    case CHATD_CONFIG_PATH:
        if (option.default_string.empty()) return std::string();
        return absolute_config_path(base_dir, option.default_string);
    default: return option.default_string;
    }
}

} // namespace

std::variant<PluginSettings, std::vector<Error>>
make_plugin_settings(const RawEntry *table, std::string_view plugin,
                     const std::vector<OptionSpec> &options, const std::string &file,
                     const std::filesystem::path &base_dir) {
    std::vector<Error> errors;
    Values values;
    for (const auto &option : options) {
        if (type_description(option.type).empty())
            errors.push_back(Error{file, 0, 0,
                                   "plugin '" + std::string(plugin) + "' declares option '" +
                                       option.name + "' with unknown type " +
                                       std::to_string(option.type)});
        else
            values.emplace(option.name, default_value(option, base_dir));
    }
    if (!errors.empty()) return errors;

    static const RawTable absent;
    const std::string where = "[plugins." + std::string(plugin) + "]";
    for (const RawEntry &entry : table ? table->table : absent) {
        const auto option = std::find_if(options.begin(), options.end(),
                                         [&](const OptionSpec &o) { return o.name == entry.key; });
        auto value =
            check_entry(entry, option == options.end() ? nullptr : &*option, where, file, errors);
        if (!value) continue;
        if (option->type == CHATD_CONFIG_PATH)
            value = absolute_config_path(base_dir, std::get<std::string>(*value));
        values.insert_or_assign(entry.key, std::move(*value));
    }
    if (!errors.empty()) {
        sort_by_position(errors);
        return errors;
    }
    return PluginSettings{std::move(values)};
}

} // namespace chatd::config
