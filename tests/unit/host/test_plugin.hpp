#pragma once

#include "pipeline/pipeline.hpp"
#include "pipeline/plugin.hpp"

#include <chatd/plugin_sdk.hpp>
#include <functional>
#include <string>

namespace chatd::test {

// A plugin written inside a test: the descriptor's C hooks forward to the
// std::functions below, so each test states its plugin's behaviour inline. A
// hook left empty stays NULL in the descriptor, as in a plugin without it.
// Nothing here catches: an exception a function throws crosses the C hook
// into the host, as it would from a plugin written without the SDK.
struct TestPlugin {
    explicit TestPlugin(std::string plugin_name);
    TestPlugin(const TestPlugin &) = delete;
    TestPlugin &operator=(const TestPlugin &) = delete;

    std::function<Stage(Frame &)> on_frame;
    std::function<void(chatd_conn_id)> on_open;
    std::function<void(chatd_conn_id)> on_close;
    std::function<void()> on_shutdown;

    // The host's record of this plugin: the handle every host function takes.
    chatd_plugin record;
    // The SDK's wrapper of the real host API table, bound to `record`.
    Host host;

    // Fills the descriptor from the hooks set so far and marks the plugin
    // initialised on `pipeline`, as Registry::init_all would after on_init.
    chatd_plugin *attach(pipeline::Pipeline &pipeline);
};

} // namespace chatd::test
