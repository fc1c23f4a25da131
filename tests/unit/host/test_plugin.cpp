#include "test_plugin.hpp"

#include "host_api/host_api.hpp"

namespace chatd::test {

namespace {

TestPlugin &plugin_of(void *state) { return *static_cast<TestPlugin *>(state); }

chatd_stage_status frame_hook(void *state, chatd_frame *frame) {
    TestPlugin &self = plugin_of(state);
    Frame f(self.host, frame);
    return static_cast<chatd_stage_status>(self.on_frame(f));
}
void open_hook(void *state, chatd_conn_id conn) { plugin_of(state).on_open(conn); }
void close_hook(void *state, chatd_conn_id conn) { plugin_of(state).on_close(conn); }
void shutdown_hook(void *state) { plugin_of(state).on_shutdown(); }

} // namespace

TestPlugin::TestPlugin(std::string plugin_name) : host(&record, host_api::table()) {
    record.name = std::move(plugin_name);
}

chatd_plugin *TestPlugin::attach(pipeline::Pipeline &pipeline) {
    chatd_plugin_descriptor &d = record.descriptor;
    d = {};
    d.struct_size = sizeof d;
    d.abi_major = CHATD_ABI_MAJOR;
    d.abi_minor = CHATD_ABI_MINOR;
    d.host_api_size = sizeof(chatd_host_api);
    d.name = record.name.c_str();
    d.on_frame = on_frame ? &frame_hook : nullptr;
    d.on_open = on_open ? &open_hook : nullptr;
    d.on_close = on_close ? &close_hook : nullptr;
    d.on_shutdown = on_shutdown ? &shutdown_hook : nullptr;
    record.state = this;
    record.active = true;
    record.pipeline = &pipeline;
    return &record;
}

} // namespace chatd::test
