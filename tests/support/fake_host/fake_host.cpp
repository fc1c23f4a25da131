#include "fake_host.hpp"

#include "host_state.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace chatd::fake {

using detail::Json;
using detail::Phase;

namespace {

const char *const kOfferedCapabilities[] = {CHATD_CAP_PAUSE, CHATD_CAP_TIMERS, CHATD_CAP_IDENTITY,
                                            CHATD_CAP_ROOMS};

bool is_plugin_name(const char *name) {
    const std::size_t n = name ? std::strlen(name) : 0;
    return n >= 1 && n <= 64 && std::all_of(name, name + n, [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
           });
}

// Why the host would refuse the descriptor before calling on_init, or "".
std::string check_descriptor(const chatd_plugin_descriptor &d) {
    const std::string versions =
        "plugin ABI " + std::to_string(d.abi_major) + "." + std::to_string(d.abi_minor) +
        ", host ABI " + std::to_string(CHATD_ABI_MAJOR) + "." + std::to_string(CHATD_ABI_MINOR);
    if (d.abi_major != CHATD_ABI_MAJOR)
        return versions + ": " + (d.abi_major > CHATD_ABI_MAJOR ? "plugin" : "host") + " is newer";
    if (d.abi_minor > CHATD_ABI_MINOR) return versions + ": plugin is newer";
    if (!is_plugin_name(d.name)) return "plugin name must be [a-z0-9_]{1,64}";
    if (!d.on_init || !d.on_shutdown) return "plugin has no on_init or on_shutdown";
    for (const char *const *cap = d.required_capabilities; cap && *cap; ++cap)
        if (std::none_of(std::begin(kOfferedCapabilities), std::end(kOfferedCapabilities),
                         [&](const char *offered) { return std::strcmp(offered, *cap) == 0; }))
            return std::string("host lacks capability '") + *cap + "'";
    return {};
}

} // namespace

FakeHost::FakeHost() : state_(std::make_unique<detail::State>()) {
    state_->api = detail::make_host_api();
}

FakeHost::~FakeHost() {
    shutdown();
    if (library_) dlclose(library_);
}

void FakeHost::set_config_string(const std::string &key, std::string value) {
    state_->config.set(key, std::move(value));
}
void FakeHost::set_config_int(const std::string &key, int64_t value) {
    state_->config.set(key, value);
}
void FakeHost::set_config_bool(const std::string &key, bool value) {
    state_->config.set(key, value);
}
void FakeHost::set_config_double(const std::string &key, double value) {
    state_->config.set(key, value);
}
void FakeHost::set_config_strings(const std::string &key, std::vector<std::string> value) {
    state_->config.set(key, std::move(value));
}

std::string FakeHost::load(const std::string &library_path) {
    if (library_ || state_->running) throw std::logic_error("FakeHost runs one plugin");
    void *library = dlopen(library_path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library) return std::string("cannot open plugin: ") + dlerror();
    auto entry = reinterpret_cast<chatd_plugin_entry_fn>(dlsym(library, CHATD_PLUGIN_ENTRY_SYMBOL));
    std::string refused = entry ? load(entry) : library_path + " has no " CHATD_PLUGIN_ENTRY_SYMBOL;
    if (refused.empty())
        library_ = library;
    else
        dlclose(library);
    return refused;
}

std::string FakeHost::load(chatd_plugin_entry_fn entry) {
    detail::State &s = *state_;
    if (s.running) throw std::logic_error("FakeHost runs one plugin");
    const chatd_plugin_descriptor *given = entry(CHATD_ABI_MAJOR, CHATD_ABI_MINOR);
    if (!given) return "the plugin declined to load on this host";
    // Zero-filled, so fields of a smaller (older) descriptor read as zero.
    chatd_plugin_descriptor d{};
    std::memcpy(&d, given, std::min<std::size_t>(given->struct_size, sizeof d));
    if (std::string refused = check_descriptor(d); !refused.empty()) return refused;
    if (std::string refused = s.config.declare(d.config_options, d.config_option_count);
        !refused.empty())
        return refused;

    s.descriptor = d;
    s.running = true;
    {
        std::lock_guard lock(s.mutex);
        s.accepting_posts = true;
    }
    char error[256] = {};
    if (d.on_init(s.handle(), &s.api, &s.plugin_state, error, sizeof error) == 0) return {};
    // Refused: no other hook runs, and nothing it started may fire.
    s.running = false;
    s.timers.clear();
    {
        std::lock_guard lock(s.mutex);
        s.accepting_posts = false;
        s.queue.clear();
    }
    error[sizeof error - 1] = '\0';
    return error[0] ? error : "on_init failed without a reason";
}

void FakeHost::shutdown() {
    detail::State &s = *state_;
    if (!s.running) return;
    for (auto &[id, conn] : s.conns)
        if (conn.phase == Phase::Open) disconnect(id);
    s.descriptor.on_shutdown(s.plugin_state);
    s.running = false;
    s.timers_left_at_shutdown = s.timers.active();
    s.timers.clear();
    std::lock_guard lock(s.mutex);
    s.accepting_posts = false;
    s.queue.clear();
}

chatd_conn_id FakeHost::connect() { return connect("guest-" + std::to_string(state_->next_conn)); }

chatd_conn_id FakeHost::connect(const std::string &user) {
    detail::State &s = *state_;
    const chatd_conn_id id = s.next_conn++;
    s.conns[id].user = user;
    if (s.running && s.descriptor.on_open) s.descriptor.on_open(s.plugin_state, id);
    return id;
}

void FakeHost::disconnect(chatd_conn_id conn) {
    detail::State &s = *state_;
    detail::Connection *c = s.open(conn);
    if (!c) throw std::logic_error("disconnect of a connection that is not open");
    c->phase = Phase::Closing;
    if (s.running && s.descriptor.on_close) s.descriptor.on_close(s.plugin_state, conn);
    for (const std::string &room : std::vector(c->rooms))
        s.unsubscribe(conn, room);
    c->phase = Phase::Closed;
    c->data = nullptr;
}

void FakeHost::set_remote_address(chatd_conn_id conn, const std::string &address) {
    detail::Connection *c = state_->readable(conn);
    if (!c) throw std::logic_error("no such connection");
    c->remote_address = address;
}

chatd_stage_status FakeHost::run_frame(chatd_conn_id conn, std::string_view json) {
    detail::State &s = *state_;
    if (!s.open(conn)) throw std::logic_error("run_frame on a connection that is not open");
    Json body = Json::parse(json);
    if (!body.is_object() || !body.contains("type") || !body["type"].is_string())
        throw std::invalid_argument("the host answers frames without a string type itself");

    detail::Frame frame{s.next_frame++, conn, std::move(body), {}, {}};
    const chatd_stage_status status =
        s.running && s.descriptor.on_frame
            ? s.descriptor.on_frame(s.plugin_state, reinterpret_cast<chatd_frame *>(&frame))
            : CHATD_STAGE_CONTINUE;
    s.last_frame = frame.body;
    const Json request_id = frame.body.value("id", Json());

    switch (status) {
    case CHATD_STAGE_CONTINUE:
    case CHATD_STAGE_HANDLED: break;
    case CHATD_STAGE_PAUSE: {
        std::lock_guard lock(s.mutex);
        s.paused.emplace(frame.id, detail::Paused{conn, request_id});
        break;
    }
    case CHATD_STAGE_REJECT:
        s.send_rejection(conn, request_id, frame.error ? frame.error->first : "",
                         frame.error ? frame.error->second : "");
        break;
    default: s.send_error(conn, request_id, "internal", "plugin returned an unknown stage status");
    }
    return status;
}

nlohmann::json FakeHost::last_frame() const {
    if (!state_->last_frame) throw std::logic_error("no frame has run");
    return nlohmann::json(*state_->last_frame);
}

void FakeHost::run_posted() {
    detail::State &s = *state_;
    for (;;) {
        std::function<void()> next;
        {
            std::lock_guard lock(s.mutex);
            if (s.queue.empty()) return;
            next = std::move(s.queue.front());
            s.queue.pop_front();
        }
        next();
    }
}

void FakeHost::advance(uint64_t ms) { state_->timers.advance(ms); }
uint64_t FakeHost::now_ms() const { return state_->timers.now_ms(); }
std::size_t FakeHost::active_timers() const { return state_->timers.active(); }
std::size_t FakeHost::timers_left_at_shutdown() const { return state_->timers_left_at_shutdown; }

detail::Connection &FakeHost::connection(chatd_conn_id conn) const {
    const auto it = state_->conns.find(conn);
    if (it == state_->conns.end()) throw std::logic_error("no such connection");
    return it->second;
}

const std::vector<std::string> &FakeHost::outbox(chatd_conn_id conn) const {
    return connection(conn).outbox;
}

std::vector<nlohmann::json> FakeHost::received(chatd_conn_id conn) const {
    std::vector<nlohmann::json> frames;
    for (const std::string &json : outbox(conn))
        frames.push_back(nlohmann::json::parse(json));
    return frames;
}

std::vector<nlohmann::json> FakeHost::take(chatd_conn_id conn) {
    std::vector<nlohmann::json> frames = received(conn);
    connection(conn).outbox.clear();
    return frames;
}

void FakeHost::clear_outboxes() {
    for (auto &[id, conn] : state_->conns)
        conn.outbox.clear();
}

std::optional<CloseRequest> FakeHost::close_request(chatd_conn_id conn) const {
    return connection(conn).close_request;
}

std::vector<LogLine> FakeHost::logs() const {
    std::lock_guard lock(state_->mutex);
    return state_->logs;
}

std::vector<Resumed> FakeHost::resumed() const {
    std::lock_guard lock(state_->mutex);
    return state_->resumed;
}

const chatd_host_api &FakeHost::api() const { return state_->api; }
chatd_plugin *FakeHost::plugin() { return state_->handle(); }

} // namespace chatd::fake
