#include "scripted_plugin.hpp"

#include <cstdio>
#include <iterator>

namespace chatd::test {

Script *script = nullptr;

namespace {

const chatd_config_option kOptions[] = {
    {sizeof(chatd_config_option), CHATD_CONFIG_STRING, "name", "", "x", 0, 0, 0, 0},
    {sizeof(chatd_config_option), CHATD_CONFIG_INT, "count", "", nullptr, 3, 0, 1, 5},
    {sizeof(chatd_config_option), CHATD_CONFIG_BOOL, "on", "", nullptr, 1, 0, 0, 0},
    {sizeof(chatd_config_option), CHATD_CONFIG_DOUBLE, "ratio", "", nullptr, 0, 0.5, 0, 0},
    {sizeof(chatd_config_option), CHATD_CONFIG_STRING_ARRAY, "list", "", nullptr, 0, 0, 0, 0},
};

} // namespace

chatd_plugin_descriptor scripted_descriptor() {
    chatd_plugin_descriptor d{};
    d.struct_size = sizeof d;
    d.abi_major = CHATD_ABI_MAJOR;
    d.abi_minor = CHATD_ABI_MINOR;
    d.host_api_size = sizeof(chatd_host_api);
    d.name = "scripted";
    d.config_options = kOptions;
    d.config_option_count = std::size(kOptions);
    d.on_init = [](chatd_plugin *self, const chatd_host_api *api, void **, char *error,
                   size_t size) -> int32_t {
        script->self = self;
        script->api = api;
        script->on_init();
        std::snprintf(error, size, "%s", script->init_error.c_str());
        return script->init_error.empty() ? 0 : 1;
    };
    d.on_shutdown = [](void *) { script->shut_down = true; };
    d.on_open = [](void *, chatd_conn_id c) { script->on_open(c); };
    d.on_close = [](void *, chatd_conn_id c) { script->on_close(c); };
    d.on_frame = [](void *, chatd_frame *f) { return script->on_frame(f); };
    d.on_handshake = [](void *, chatd_handshake *h) { return script->on_handshake(h); };
    d.on_http_request = [](void *, chatd_request *r) { return script->on_http_request(r); };
    d.on_access = [](void *, const chatd_access_question *q, char *reason,
                     size_t size) -> chatd_access {
        const std::optional<std::string> denial = script->on_access(*q);
        if (!denial) return CHATD_ACCESS_ALLOW;
        std::snprintf(reason, size, "%s", denial->c_str());
        return CHATD_ACCESS_DENY;
    };
    return d;
}

chatd_http_route scripted_route(const char *method, const char *pattern,
                                const char *const *headers) {
    chatd_http_route r{};
    r.struct_size = sizeof r;
    r.method = method;
    r.pattern = pattern;
    r.headers = headers;
    r.on_request = [](void *, chatd_request *request) { script->on_request(request); };
    r.on_gone = [](void *, chatd_http_id id) { script->on_gone(id); };
    return r;
}

const chatd_plugin_descriptor *scripted_entry(uint16_t, uint16_t) {
    static const chatd_plugin_descriptor d = scripted_descriptor();
    return &d;
}

} // namespace chatd::test
