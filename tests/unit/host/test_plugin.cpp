#include "test_plugin.hpp"

#include "host_api/host_api.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace chatd::test {

namespace {

TestPlugin &plugin_of(void *state) { return *static_cast<TestPlugin *>(state); }

chatd_stage_status frame_hook(void *state, chatd_frame *frame) {
    TestPlugin &self = plugin_of(state);
    Frame f(self.host, frame);
    return static_cast<chatd_stage_status>(self.on_frame(f));
}
// One C function per stage slot: the C hook carries only the plugin's state.
template <size_t N> chatd_stage_status stage_hook(void *state, chatd_frame *frame) {
    TestPlugin &self = plugin_of(state);
    Frame f(self.host, frame);
    return static_cast<chatd_stage_status>(self.stage_specs[N].fn(f));
}

template <size_t... N> constexpr auto stage_hooks(std::index_sequence<N...>) {
    return std::array<chatd_stage_status (*)(void *, chatd_frame *), sizeof...(N)>{
        &stage_hook<N>...};
}
constexpr auto kStageHooks = stage_hooks(std::make_index_sequence<TestPlugin::kMaxStages>());

void open_hook(void *state, chatd_conn_id conn) { plugin_of(state).on_open(conn); }
void ready_hook(void *state, chatd_conn_id conn) { plugin_of(state).on_ready(conn); }
void close_hook(void *state, chatd_conn_id conn) { plugin_of(state).on_close(conn); }
void shutdown_hook(void *state) { plugin_of(state).on_shutdown(); }

} // namespace

void TestPlugin::add_stage(chatd_phase phase, std::function<Stage(Frame &)> fn,
                           std::vector<std::string> types, uint32_t stage_flags) {
    if (stage_specs.size() == kMaxStages) throw std::logic_error("too many test stages");
    StageSpec &spec = stage_specs.emplace_back(StageSpec{std::move(fn), std::move(types), {}});
    for (const std::string &t : spec.types)
        spec.type_ptrs.push_back(t.c_str());
    spec.type_ptrs.push_back(nullptr);
    stage_table.push_back({sizeof(chatd_stage), phase,
                           spec.types.empty() ? nullptr : spec.type_ptrs.data(), stage_flags,
                           kStageHooks[stage_specs.size() - 1]});
}

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
    d.on_ready = on_ready ? &ready_hook : nullptr;
    d.stages = stage_table.data();
    d.stage_count = static_cast<uint32_t>(stage_table.size());
    d.flags = flags;
    record.state = this;
    record.active = true;
    record.pipeline = &pipeline;
    return &record;
}

} // namespace chatd::test
