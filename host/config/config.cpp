#include "config/config.hpp"

#include <algorithm>
#include <tuple>

namespace chatd::config {

std::vector<std::pair<std::string, uint32_t>> Config::plugin_tables() const {
    std::vector<const RawEntry *> in_file_order;
    for (const RawEntry &table : plugin_tables_)
        in_file_order.push_back(&table);
    std::sort(in_file_order.begin(), in_file_order.end(), [](const auto *a, const auto *b) {
        return std::tie(a->value_position.line, a->value_position.column) <
               std::tie(b->value_position.line, b->value_position.column);
    });
    std::vector<std::pair<std::string, uint32_t>> tables;
    for (const RawEntry *table : in_file_order)
        tables.emplace_back(table->key, table->value_position.line);
    return tables;
}

std::variant<PluginSettings, std::vector<Error>>
Config::plugin_settings(std::string_view plugin, const std::vector<OptionSpec> &options) const {
    return make_plugin_settings(find_entry(plugin_tables_, plugin), plugin, options, source,
                                base_dir_);
}

} // namespace chatd::config
