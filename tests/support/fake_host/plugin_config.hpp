// A plugin's [plugins.<name>] table: the options its descriptor declares,
// with values a test sets standing in for the config file.
#pragma once

#include <chatd/plugin_abi.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace chatd::fake {

using ConfigValue = std::variant<std::string, int64_t, bool, double, std::vector<std::string>>;

class PluginConfig {
public:
    void set(const std::string &key, ConfigValue value) { given_[key] = std::move(value); }

    // Reads the descriptor's table (each element's struct_size is the stride)
    // and checks the given values against it as the host checks the file:
    // unknown keys, wrong types and ints out of bounds are errors. Returns the
    // error, or "" when the table is usable.
    std::string declare(const chatd_config_option *options, uint32_t count);

    chatd_status get_string(const char *key, chatd_str_view *out) const;
    chatd_status get_int(const char *key, int64_t *out) const;
    chatd_status get_bool(const char *key, int32_t *out) const;
    chatd_status get_double(const char *key, double *out) const;
    chatd_status array_size(const char *key, size_t *out) const;
    chatd_status array_string(const char *key, size_t index, chatd_str_view *out) const;

private:
    // The resolved value of `key` if it was declared as `T`.
    template <class T> chatd_status find(const char *key, const T *&out) const;

    std::map<std::string, ConfigValue> given_;
    std::map<std::string, ConfigValue, std::less<>> values_;
};

} // namespace chatd::fake
