// What a TestHost holds; shared by the files that implement it.
#pragma once

#include "fake_transport.hpp"
#include "loader/loader.hpp"
#include "log_capture.hpp"
#include "manual_clock.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/plugin.hpp"
#include "plugin_table.hpp"

#include <chatd/test_host.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <vector>

namespace chatd::test {

// A directory of one host's own, removed with it. The config is read as if
// it were a file there, so a plugin's relative paths (its database) land in
// it and not in the test's working directory, which tests run in parallel
// would share.
struct ScratchDir {
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir &) = delete;
    ScratchDir &operator=(const ScratchDir &) = delete;
    std::filesystem::path path;
};

struct TestHost::Impl {
    Impl();

    // Configures and initialises what the loader made of a plugin.
    std::string start(loader::Loaded loaded);
    // Runs fn on the pipeline thread and waits; rethrows what fn threw.
    void run(const std::function<void()> &fn);
    // Where the network side reports connections and frames.
    transport::Inbound &network() { return pipeline; }

    // Members are destroyed bottom-up: the pipeline stops before anything its
    // hooks reach goes away, and the log and the plugins' files outlive them all.
    ScratchDir files;
    LogCapture log;
    PluginTable config;
    ManualClock clock;
    FakeTransport transport;
    // Every plugin that reached on_init, running or refused: work it queued
    // may still point at its record until the pipeline stops.
    std::vector<std::unique_ptr<chatd_plugin>> records;
    // A handle outside the pipeline order for the host functions the test
    // host calls itself.
    chatd_plugin caller;
    pipeline::Pipeline pipeline;

    // Test thread only: how many frames of each connection the test has read.
    std::map<chatd_conn_id, size_t> read;
    chatd_conn_id next_conn = 1;
    uint64_t next_http = 1;
    bool stopped = false;
};

} // namespace chatd::test
