#pragma once

#include "pipeline/pipeline.hpp"
#include "pipeline/plugin.hpp"

#include <chatd/plugin_sdk.hpp>
#include <deque>
#include <functional>
#include <string>
#include <vector>

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
    std::function<void(chatd_conn_id)> on_ready;
    std::function<void(chatd_conn_id)> on_close;
    std::function<void()> on_shutdown;
    uint32_t flags = 0; // CHATD_PLUGIN_*

    // Declares a stage in `phase` for `types` (empty: every type); at most kMaxStages.
    void add_stage(chatd_phase phase, std::function<Stage(Frame &)> fn,
                   std::vector<std::string> types = {}, uint32_t stage_flags = 0);
    static constexpr size_t kMaxStages = 8;

    // The host's record of this plugin: the handle every host function takes.
    chatd_plugin record;
    // The SDK's wrapper of the real host API table, bound to `record`.
    Host host;

    // Fills the descriptor from the hooks set so far and marks the plugin
    // initialised on `pipeline`, as Registry::init_all would after on_init.
    chatd_plugin *attach(pipeline::Pipeline &pipeline);

    struct StageSpec {
        std::function<Stage(Frame &)> fn;
        std::vector<std::string> types;
        std::vector<const char *> type_ptrs; // NULL-terminated views of types
    };
    std::deque<StageSpec> stage_specs;
    std::vector<chatd_stage> stage_table;
};

} // namespace chatd::test
