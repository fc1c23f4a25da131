#include "plugin_config.hpp"

#include <algorithm>
#include <cstring>

namespace chatd::fake {

namespace {

bool is_known_type(chatd_config_type type) {
    return type >= CHATD_CONFIG_STRING && type <= CHATD_CONFIG_STRING_ARRAY;
}

ConfigValue declared_default(const chatd_config_option &o) {
    switch (o.type) {
    case CHATD_CONFIG_STRING: return std::string(o.default_string ? o.default_string : "");
    case CHATD_CONFIG_INT: return o.default_int;
    case CHATD_CONFIG_BOOL: return o.default_int != 0;
    case CHATD_CONFIG_DOUBLE: return o.default_double;
    default: return std::vector<std::string>{};
    }
}

chatd_str_view as_view(const std::string &s) { return {s.data(), s.size()}; }

} // namespace

std::string PluginConfig::declare(const chatd_config_option *options, uint32_t count) {
    values_.clear();
    if (count > 0 && !options) return "config_options is NULL but config_option_count is not 0";
    const uint32_t stride = count > 0 ? options[0].struct_size : 0;
    if (count > 0 && stride < sizeof(uint32_t)) return "config option struct_size is too small";
    for (uint32_t i = 0; i < count; ++i) {
        chatd_config_option o{};
        std::memcpy(&o, reinterpret_cast<const char *>(options) + std::size_t{i} * stride,
                    std::min<std::size_t>(stride, sizeof o));
        if (!o.name) return "config option " + std::to_string(i) + " has no name";
        if (!is_known_type(o.type))
            return std::string("config option '") + o.name + "' has an unknown type";
        if (values_.contains(o.name))
            return std::string("config option '") + o.name + "' is declared twice";
        ConfigValue value = declared_default(o);
        if (const auto given = given_.find(o.name); given != given_.end()) {
            if (given->second.index() != value.index())
                return std::string("config key '") + o.name + "' has the wrong type";
            value = given->second;
            const bool bounded = o.type == CHATD_CONFIG_INT && o.min_int < o.max_int;
            const int64_t *n = std::get_if<int64_t>(&value);
            if (bounded && (*n < o.min_int || *n > o.max_int))
                return std::string("config key '") + o.name + "' must be within " +
                       std::to_string(o.min_int) + ".." + std::to_string(o.max_int);
        }
        values_.emplace(o.name, std::move(value));
    }
    for (const auto &[key, value] : given_)
        if (!values_.contains(key)) return "unknown config key '" + key + "'";
    return {};
}

template <class T> chatd_status PluginConfig::find(const char *key, const T *&out) const {
    if (!key) return CHATD_ERR_INVALID;
    const auto it = values_.find(std::string_view(key));
    if (it == values_.end()) return CHATD_ERR_NOT_FOUND;
    out = std::get_if<T>(&it->second);
    return out ? CHATD_OK : CHATD_ERR_WRONG_TYPE;
}

chatd_status PluginConfig::get_string(const char *key, chatd_str_view *out) const {
    const std::string *value = nullptr;
    const chatd_status st = find(key, value);
    if (st == CHATD_OK) *out = as_view(*value);
    return st;
}

chatd_status PluginConfig::get_int(const char *key, int64_t *out) const {
    const int64_t *value = nullptr;
    const chatd_status st = find(key, value);
    if (st == CHATD_OK) *out = *value;
    return st;
}

chatd_status PluginConfig::get_bool(const char *key, int32_t *out) const {
    const bool *value = nullptr;
    const chatd_status st = find(key, value);
    if (st == CHATD_OK) *out = *value ? 1 : 0;
    return st;
}

chatd_status PluginConfig::get_double(const char *key, double *out) const {
    const double *value = nullptr;
    const chatd_status st = find(key, value);
    if (st == CHATD_OK) *out = *value;
    return st;
}

chatd_status PluginConfig::array_size(const char *key, size_t *out) const {
    const std::vector<std::string> *value = nullptr;
    const chatd_status st = find(key, value);
    if (st == CHATD_OK) *out = value->size();
    return st;
}

chatd_status PluginConfig::array_string(const char *key, size_t index, chatd_str_view *out) const {
    const std::vector<std::string> *value = nullptr;
    const chatd_status st = find(key, value);
    if (st != CHATD_OK) return st;
    if (index >= value->size()) return CHATD_ERR_NOT_FOUND;
    *out = as_view((*value)[index]);
    return CHATD_OK;
}

} // namespace chatd::fake
