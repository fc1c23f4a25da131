// The host's life: plugins loaded and configured as chatd does it, the clock,
// and the way in to the pipeline thread.
#include "test_host_impl.hpp"

#include "config/loader.hpp"
#include "host_api/host_api.hpp"
#include "loader/loader.hpp"
#include "loader/registry.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace chatd::test {

namespace {

// The name config errors carry, as chatd's carry the config file's; it
// stands in the host's ScratchDir.
constexpr const char *kConfigFile = "test_host.toml";

pipeline::Options options(const ManualClock &clock) {
    pipeline::Options o;
    o.clock = [&clock] { return clock.now(); };
    return o;
}

std::string lines(const std::vector<config::Error> &errors) {
    std::string text;
    // Appending piece by piece keeps GCC 12 at -O3 (plain builds now make the
    // test host) from a -Wrestrict false positive in ("\n" + str)'s insert.
    for (const auto &e : errors) {
        if (!text.empty()) text += '\n';
        text += e.str();
    }
    return text;
}

// The [plugins.<name>] table read as chatd reads its config file.
std::vector<config::Error> configure(chatd_plugin &plugin, const PluginTable &table,
                                     const std::filesystem::path &dir) {
    auto loaded = config::load_string(table.toml(plugin.name), (dir / kConfigFile).string());
    if (auto *errors = std::get_if<std::vector<config::Error>>(&loaded)) return *errors;
    return loader::configure(plugin, std::get<config::Config>(loaded));
}

} // namespace

ScratchDir::ScratchDir() {
    std::string name = (std::filesystem::temp_directory_path() / "chatd-test-host-XXXXXX").string();
    if (!mkdtemp(name.data())) throw std::runtime_error("cannot make a directory like " + name);
    path = name;
}

ScratchDir::~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
}

TestHost::Impl::Impl() : pipeline(options(clock)) {
    caller.name = "test_host";
    caller.pipeline = &pipeline;
    caller.active = true;
    pipeline.set_transport(transport);
    pipeline.http_routes().set_responder(transport);
    pipeline.start();
}

TestHost::TestHost() : impl_(std::make_unique<Impl>()) {}

TestHost::~TestHost() { shutdown(); }

void TestHost::set_config_string(const std::string &key, std::string value) {
    impl_->config.set(key, std::move(value));
}
void TestHost::set_config_int(const std::string &key, int64_t value) {
    impl_->config.set(key, value);
}
void TestHost::set_config_bool(const std::string &key, bool value) {
    impl_->config.set(key, value);
}
void TestHost::set_config_double(const std::string &key, double value) {
    impl_->config.set(key, value);
}
void TestHost::set_config_strings(const std::string &key, std::vector<std::string> value) {
    impl_->config.set(key, std::move(value));
}

std::string TestHost::load(const std::string &library_path) {
    return impl_->start(loader::load_plugin(library_path));
}

std::string TestHost::load(chatd_plugin_entry_fn entry) {
    return impl_->start(loader::load_entry(entry, "(linked into the test)"));
}

std::string TestHost::Impl::start(loader::Loaded loaded) {
    const PluginTable table = std::exchange(config, {});
    if (auto *refusal = std::get_if<loader::Refusal>(&loaded)) return refusal->reason;
    auto &plugin = std::get<std::unique_ptr<chatd_plugin>>(loaded);
    if (auto errors = configure(*plugin, table, files.path); !errors.empty()) return lines(errors);

    chatd_plugin *p = records.emplace_back(std::move(plugin)).get();
    std::optional<std::string> refused;
    run([&] {
        refused = loader::init_plugin(*p, pipeline);
        if (refused) return;
        auto running = pipeline.plugins();
        running.push_back(p);
        pipeline.set_plugins(std::move(running));
    });
    return refused.value_or("");
}

void TestHost::shutdown() {
    if (impl_->stopped) return;
    impl_->pipeline.stop();
    impl_->stopped = true;
}

void TestHost::advance(uint64_t ms) {
    on_pipeline([&] {
        ManualClock &clock = impl_->clock;
        const auto target = clock.now() + std::chrono::milliseconds(ms);
        pipeline::Timers &timers = impl_->pipeline.timers();
        // One due time at a time, so timers fire in time order and a
        // repeating one fires once per interval passed.
        for (auto due = timers.next_due(); due && *due <= target; due = timers.next_due()) {
            clock.set(std::max(clock.now(), *due));
            impl_->pipeline.fire_due_timers();
        }
        clock.set(target);
    });
    settle();
}

std::vector<LogLine> TestHost::logs() const { return impl_->log.lines(); }

const chatd_host_api &TestHost::api() const { return *host_api::table(); }

chatd_plugin *TestHost::plugin(std::string_view name) const {
    const auto &running = impl_->pipeline.plugins();
    if (name.empty()) return running.empty() ? nullptr : running.back();
    auto it = std::find_if(running.begin(), running.end(),
                           [&](const chatd_plugin *p) { return p->name == name; });
    return it == running.end() ? nullptr : *it;
}

void TestHost::on_pipeline(const std::function<void()> &fn) { impl_->run(fn); }

void TestHost::Impl::run(const std::function<void()> &fn) {
    if (stopped) throw std::logic_error("the test host has shut down");
    std::exception_ptr thrown;
    pipeline.run_sync([&] {
        try {
            fn();
        } catch (...) {
            thrown = std::current_exception();
        }
    });
    if (thrown) std::rethrow_exception(thrown);
}

} // namespace chatd::test
