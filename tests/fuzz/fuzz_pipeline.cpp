// The pipeline entry: whatever two clients send, through the real rooms
// plugin, the stages and the terminal, must neither crash nor throw out of
// the pipeline thread. Each input is split at '\n' into messages that the two
// connections take turns sending; a message whose first byte is 0x01 goes as
// a binary frame. Both connections close at the end, and run_sync waits until
// the pipeline has handled everything, so each input runs to completion.
#include "config/loader.hpp"
#include "loader/registry.hpp"
#include "pipeline/pipeline.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace chatd;

// Fan-out goes nowhere; the serialized frames are still built and queued.
class NullTransport final : public transport::Transport {
public:
    transport::SendResult send(chatd_conn_id, transport::PayloadPtr, transport::Traffic) override {
        return transport::SendResult::Queued;
    }
    void close(chatd_conn_id, uint16_t, std::string) override {}
    void frame_done(chatd_conn_id) override {}
};

struct Harness {
    Harness() : registry(load_registry()), pipeline(options()) {
        pipeline.set_transport(transport);
        pipeline.start();
        const loader::Registry::Initialised init = registry.init_all(pipeline);
        if (init.failed) std::abort();
        pipeline.set_plugins(init.active);
        if (pipeline.plugins().empty()) std::abort(); // rooms must be in the fuzzed path
    }
    static loader::Registry load_registry() {
        config::Config config = config::defaults();
        config.plugins.dir = CHATD_FUZZ_PLUGIN_DIR;
        return loader::Registry::load(config);
    }
    static pipeline::Options options() {
        pipeline::Options o;
        o.rate_limit_per_second = 1e9; // every message should reach the stages
        o.rate_limit_burst = 1e9;
        return o;
    }
    loader::Registry registry;
    NullTransport transport;
    pipeline::Pipeline pipeline;
};

// Lives for the whole fuzzing run, and is stopped at exit before static
// destructors run: spdlog's registry among them, which the pipeline thread
// would otherwise still use when a plugin's timer fires (the rooms plugin's
// presence tick) after the fuzzer is done.
Harness &harness() {
    static Harness *made = [] {
        auto *h = new Harness();
        // Registered after spdlog's registry was built (the plugins log in
        // on_init), so it runs before that is destroyed.
        std::atexit([] { harness().pipeline.stop(); });
        return h;
    }();
    return *made;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static chatd_conn_id next_conn = 1;
    pipeline::Pipeline &p = harness().pipeline;
    const chatd_conn_id conns[2] = {next_conn, next_conn + 1};
    next_conn += 2;
    for (chatd_conn_id c : conns)
        p.on_open(c, "127.0.0.1");

    std::string_view input(reinterpret_cast<const char *>(data), size);
    for (size_t turn = 0; !input.empty(); ++turn) {
        size_t end = input.find('\n');
        std::string_view message = input.substr(0, end);
        input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
        bool binary = !message.empty() && message[0] == '\x01';
        p.on_message(conns[turn % 2], std::string(message), binary);
    }
    for (chatd_conn_id c : conns)
        p.on_close(c);
    p.run_sync([] {});
    return 0;
}
