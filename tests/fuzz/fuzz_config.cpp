// libFuzzer entry for the config loader: any bytes must give a Config or errors, never a crash,
// and a loaded Config must validate plugin tables of every option type without one either.
#include "config/loader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using chatd::config::OptionSpec;

const std::vector<OptionSpec> options = {
    {.name = "default_room", .type = CHATD_CONFIG_STRING, .default_string = "lobby"},
    {.name = "max_rooms_per_connection",
     .type = CHATD_CONFIG_INT,
     .default_int = 100,
     .min_int = 1,
     .max_int = 10000},
    {.name = "offset", .type = CHATD_CONFIG_INT},
    {.name = "enabled", .type = CHATD_CONFIG_BOOL},
    {.name = "ratio", .type = CHATD_CONFIG_DOUBLE},
    {.name = "names", .type = CHATD_CONFIG_STRING_ARRAY},
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    // A directory in the name exercises resolving a relative plugins.dir.
    const auto result = chatd::config::load_string(text, "/fuzz/chatd.toml");
    if (const auto *config = std::get_if<chatd::config::Config>(&result)) {
        for (const auto &[name, line] : config->plugin_tables())
            (void)config->plugin_settings(name, options);
        (void)config->plugin_settings("rooms", options);
    } else {
        for (const auto &error : std::get<std::vector<chatd::config::Error>>(result))
            (void)error.str();
    }
    return 0;
}
