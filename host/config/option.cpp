#include "config/option.hpp"

namespace chatd::config {

OptionSpec option_spec(const chatd_config_option &declared) {
    return {.name = declared.name,
            .type = declared.type,
            .help = declared.help ? declared.help : "",
            .default_string = declared.default_string ? declared.default_string : "",
            .default_int = declared.default_int,
            .default_double = declared.default_double,
            .min_int = declared.min_int,
            .max_int = declared.max_int};
}

} // namespace chatd::config
