#include "config/schema.hpp"

namespace chatd::config {

std::string_view type_description(chatd_config_type type) {
    switch (type) {
    case CHATD_CONFIG_STRING: return "a string";
    case CHATD_CONFIG_INT: return "an integer";
    case CHATD_CONFIG_BOOL: return "a boolean";
    case CHATD_CONFIG_DOUBLE: return "a number";
    case CHATD_CONFIG_STRING_ARRAY: return "an array of strings";
    case CHATD_CONFIG_PATH: return "a string (a path)";
    default: return {};
    }
}

std::string quote_list(const std::vector<std::string> &items) {
    std::string list;
    for (const auto &item : items)
        list += (list.empty() ? "'" : ", '") + item + "'";
    return list;
}

namespace {

std::optional<Value> as_type(const Value &value, chatd_config_type type) {
    switch (type) {
    case CHATD_CONFIG_STRING:
    case CHATD_CONFIG_PATH:
        if (std::holds_alternative<std::string>(value)) return value;
        break;
    case CHATD_CONFIG_INT:
        if (std::holds_alternative<int64_t>(value)) return value;
        break;
    case CHATD_CONFIG_BOOL:
        if (std::holds_alternative<bool>(value)) return value;
        break;
    case CHATD_CONFIG_DOUBLE:
        if (std::holds_alternative<double>(value)) return value;
        // TOML reads `rate = 50` as an integer; a number option should still take it.
        if (const auto *integer = std::get_if<int64_t>(&value))
            return Value{static_cast<double>(*integer)};
        break;
    case CHATD_CONFIG_STRING_ARRAY:
        if (std::holds_alternative<std::vector<std::string>>(value)) return value;
        break;
    }
    return std::nullopt;
}

// The help a plugin declared, appended so --check-config shows what the option is for.
std::string with_help(std::string message, const OptionSpec &option) {
    if (!option.help.empty()) message += " (" + option.help + ")";
    return message;
}

} // namespace

std::optional<Value> check_entry(const RawEntry &entry, const OptionSpec *option,
                                 std::string_view table, const std::string &file,
                                 std::vector<Error> &errors) {
    if (option == nullptr) {
        errors.push_back(error_at(file, entry.key_position,
                                  "unknown key '" + entry.key + "' in " + std::string(table)));
        return std::nullopt;
    }
    auto value = entry.value ? as_type(*entry.value, option->type) : std::nullopt;
    if (!value) {
        errors.push_back(error_at(
            file, entry.value_position,
            with_help("'" + entry.key + "' must be " + std::string(type_description(option->type)),
                      *option)));
        return std::nullopt;
    }
    if (option->type == CHATD_CONFIG_INT && option->min_int < option->max_int) {
        const int64_t integer = std::get<int64_t>(*value);
        if (integer < option->min_int || integer > option->max_int) {
            errors.push_back(error_at(file, entry.value_position,
                                      with_help("'" + entry.key + "' must be between " +
                                                    std::to_string(option->min_int) + " and " +
                                                    std::to_string(option->max_int) + ", got " +
                                                    std::to_string(integer),
                                                *option)));
            return std::nullopt;
        }
    }
    if (option->type == CHATD_CONFIG_PATH && std::get<std::string>(*value).empty()) {
        errors.push_back(error_at(
            file, entry.value_position,
            with_help("'" + entry.key + "' must not be empty: it is a path to a file or directory",
                      *option)));
        return std::nullopt;
    }
    return value;
}

} // namespace chatd::config
