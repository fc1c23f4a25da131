#include "loader/registry.hpp"

#include "host_api/host_api.hpp"
#include "pipeline/pipeline.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

namespace chatd::loader {

Registry Registry::load(const config::Config &config) {
    Registry r;
    Scan scan = scan_directory(config.plugins.dir);
    r.refused_ = std::move(scan.refused);

    std::vector<std::string> misconfigured;
    for (auto &plugin : scan.loaded) {
        auto errors = configure(*plugin, config);
        if (!errors.empty()) {
            std::string reason = "invalid [plugins." + plugin->name + "]: " + errors.front().str();
            if (errors.size() > 1)
                reason += " (and " + std::to_string(errors.size() - 1) + " more)";
            r.misconfigured_.push_back({{plugin->path, std::move(reason)}, std::move(errors)});
            misconfigured.push_back(plugin->name);
            continue;
        }
        r.plugins_.push_back(std::move(plugin));
    }

    // A table for a plugin that is neither loaded nor refused is a typo or a
    // leftover; either way nothing would read it.
    auto known = [&](const std::string &name) {
        bool loaded = std::any_of(r.plugins_.begin(), r.plugins_.end(),
                                  [&](const auto &p) { return p->name == name; });
        bool refused = std::any_of(r.refused_.begin(), r.refused_.end(),
                                   [&](const Refusal &f) { return f.path.stem() == name; });
        return loaded || refused ||
               std::find(misconfigured.begin(), misconfigured.end(), name) != misconfigured.end();
    };
    for (const auto &[name, line] : config.plugin_tables())
        if (!known(name))
            r.config_errors_.push_back(
                {config.source, line, 1,
                 "[plugins." + name + "] configures no plugin in " + config.plugins.dir.string()});

    const auto &order = config.plugins.pipeline;
    auto rank = [&](const std::unique_ptr<chatd_plugin> &p) {
        auto it = std::find(order.begin(), order.end(), p->name);
        return std::make_pair(it - order.begin(), p->name);
    };
    std::sort(r.plugins_.begin(), r.plugins_.end(),
              [&](const auto &a, const auto &b) { return rank(a) < rank(b); });
    for (const auto &name : order)
        if (std::none_of(r.plugins_.begin(), r.plugins_.end(),
                         [&](const auto &p) { return p->name == name; }) &&
            std::find(misconfigured.begin(), misconfigured.end(), name) == misconfigured.end())
            r.warnings_.push_back("[plugins] pipeline names '" + name +
                                  "', which is not loaded from " + config.plugins.dir.string());
    return r;
}

std::vector<config::Error> Registry::config_errors() const {
    std::vector<config::Error> all;
    for (const Misconfigured &m : misconfigured_)
        all.insert(all.end(), m.errors.begin(), m.errors.end());
    all.insert(all.end(), config_errors_.begin(), config_errors_.end());
    return all;
}

std::vector<chatd_plugin *> Registry::ordered() const {
    std::vector<chatd_plugin *> out;
    for (const auto &p : plugins_)
        out.push_back(p.get());
    return out;
}

Registry::Initialised Registry::init_all(pipeline::Pipeline &pipeline) {
    Initialised result;
    pipeline.run_sync([&] {
        for (const auto &owned : plugins_) {
            if (auto why = init_plugin(*owned, pipeline)) {
                result.failed = InitFailure{owned.get(), std::move(*why)};
                return;
            }
            result.active.push_back(owned.get());
        }
    });
    return result;
}

std::vector<config::Error> configure(chatd_plugin &plugin, const config::Config &config) {
    auto settings = config.plugin_settings(plugin.name, plugin.options);
    if (auto *errors = std::get_if<std::vector<config::Error>>(&settings))
        return std::move(*errors);
    plugin.settings = std::move(std::get<config::PluginSettings>(settings));
    return {};
}

std::optional<std::string> init_plugin(chatd_plugin &plugin, pipeline::Pipeline &pipeline) {
    plugin.pipeline = &pipeline;
    plugin.active = true;
    if (!plugin.descriptor.on_init) return std::nullopt;
    char error[512] = {0};
    plugin.initializing = true;
    int32_t rc =
        plugin.descriptor.on_init(&plugin, host_api::table(), &plugin.state, error, sizeof error);
    plugin.initializing = false;
    if (rc == 0) return std::nullopt;
    // Whatever it started before failing must not run or be served.
    pipeline.timers().cancel_all(&plugin);
    pipeline.http_routes().forget(&plugin);
    plugin.active = false;
    plugin.state = nullptr;
    error[sizeof error - 1] = '\0';
    return std::string("init failed: ") + (error[0] ? error : "no reason given");
}

} // namespace chatd::loader
