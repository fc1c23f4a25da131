// A plugin linked into test_host_test whose hooks each test scripts.
#pragma once

#include <chatd/test_host.hpp>

#include <functional>
#include <optional>
#include <string>

namespace chatd::test {

// Hooks run on the pipeline thread; the test changes them only between calls
// into the host, which wait for that thread.
struct Script {
    chatd_plugin *self = nullptr;
    const chatd_host_api *api = nullptr;
    std::string init_error; // on_init fails with it unless empty
    bool shut_down = false;
    std::function<void()> on_init = [] {};
    std::function<void(chatd_conn_id)> on_open = [](chatd_conn_id) {};
    std::function<void(chatd_conn_id)> on_close = [](chatd_conn_id) {};
    std::function<chatd_stage_status(chatd_frame *)> on_frame = [](chatd_frame *) {
        return CHATD_STAGE_CONTINUE;
    };
    // Runs on the thread that asks (TestHost::upgrade's), as on_handshake does
    // on the network thread in chatd.
    std::function<chatd_handshake_status(chatd_handshake *)> on_handshake = [](chatd_handshake *) {
        return CHATD_HANDSHAKE_ACCEPT;
    };
    // For routes registered with scripted_route().
    std::function<void(chatd_request *)> on_request = [](chatd_request *) {};
    std::function<void(chatd_http_id)> on_gone = [](chatd_http_id) {};
    std::function<chatd_handshake_status(chatd_request *)> on_http_request = [](chatd_request *) {
        return CHATD_HANDSHAKE_ACCEPT;
    };
    // The reason of a denial, or nullopt to allow.
    std::function<std::optional<std::string>(const chatd_access_question &)> on_access =
        [](const chatd_access_question &) { return std::nullopt; };
};

// The entry point has no user pointer, so the running test's script is global.
extern Script *script;

// "scripted", ABI 1.1, one stage in the handle phase for every frame type, and
// the options: name (string "x"), count (int 3 in 1..5), on (bool true), ratio
// (double 0.5), list (strings).
const chatd_plugin_descriptor *scripted_entry(uint16_t host_major, uint16_t host_minor);

// The scripted plugin's descriptor, to build variants of.
chatd_plugin_descriptor scripted_descriptor();

// A route whose hooks are the script's on_request and on_gone; register it
// with http_route inside on_init.
chatd_http_route scripted_route(const char *method, const char *pattern,
                                const char *const *headers = nullptr);

inline chatd_str_view sv(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view str(chatd_str_view v) { return {v.data, v.size}; }

} // namespace chatd::test
