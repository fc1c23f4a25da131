#include "options.hpp"

#include <arpa/inet.h>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>

namespace chatd::bench {
namespace {

constexpr std::pair<Mode, std::string_view> mode_names[] = {
    {Mode::fanout, "fanout"}, {Mode::rooms, "rooms"}, {Mode::join_storm, "join-storm"},
    {Mode::idle, "idle"},     {Mode::churn, "churn"}, {Mode::history, "history"},
};

template <typename T> bool parse_number(std::string_view text, T &out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

// ws://HOST:PORT/PATH with HOST an IPv4 loopback address or "localhost".
std::string parse_url(std::string_view url, Options &options) {
    constexpr std::string_view scheme = "ws://";
    if (url.substr(0, scheme.size()) != scheme) return "--url must start with ws://";
    url.remove_prefix(scheme.size());
    const auto slash = url.find('/');
    const auto authority = url.substr(0, slash);
    options.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
    const auto colon = authority.rfind(':');
    if (colon == std::string_view::npos) return "--url needs a port";
    std::string host(authority.substr(0, colon));
    if (host == "localhost") host = "127.0.0.1";
    if (inet_pton(AF_INET, host.c_str(), &options.address) != 1)
        return "--url host must be an IPv4 address (no name look-ups): " + host;
    if ((ntohl(options.address.s_addr) >> 24) != 127)
        return "refusing " + host + ": chat_bench only talks to loopback (127.0.0.0/8)";
    if (!parse_number(authority.substr(colon + 1), options.port) || options.port == 0)
        return "--url has a bad port";
    return {};
}

} // namespace

std::string_view mode_name(Mode mode) {
    for (const auto &[m, name] : mode_names)
        if (m == mode) return name;
    return "?";
}

std::string usage() {
    return "usage: chat_bench --url ws://127.0.0.1:PORT/PATH --mode "
           "fanout|rooms|join-storm|idle|churn|history\n"
           "  [--protocol chatd|raw] [--connections N] [--rooms R] [--senders S] [--members M]\n"
           "  [--rate MSG_PER_S (0: closed loop)] [--size BYTES] [--seconds S] [--deadline S]\n"
           "  [--workers C] [--queries Q] [--window W] [--connect-concurrency N]\n"
           "  [--server-pid PID] [--quiet-wait] [--label TEXT]\n";
}

std::variant<Options, std::string> parse_options(int argc, const char *const *argv) {
    Options o;
    std::string url = o.url;
    auto size_option = [](std::size_t &field) {
        return [&field](std::string_view v) { return parse_number(v, field); };
    };
    auto double_option = [](double &field) {
        return [&field](std::string_view v) {
            char *end = nullptr;
            const std::string s(v);
            field = std::strtod(s.c_str(), &end);
            return end == s.c_str() + s.size() && field >= 0;
        };
    };
    const std::map<std::string_view, std::function<bool(std::string_view)>> valued = {
        {"--url", [&](std::string_view v) { return url = v, true; }},
        {"--mode",
         [&](std::string_view v) {
             for (const auto &[m, name] : mode_names)
                 if (name == v) return o.mode = m, true;
             return false;
         }},
        {"--protocol",
         [&](std::string_view v) {
             if (v == "chatd") return o.protocol = Protocol::chatd, true;
             if (v == "raw") return o.protocol = Protocol::raw, true;
             return false;
         }},
        {"--connections", size_option(o.connections)},
        {"--rooms", size_option(o.rooms)},
        {"--senders", size_option(o.senders)},
        {"--members", size_option(o.members)},
        {"--rate", double_option(o.rate)},
        {"--size", size_option(o.size)},
        {"--seconds", double_option(o.seconds)},
        {"--deadline", double_option(o.deadline)},
        {"--workers", size_option(o.workers)},
        {"--queries", size_option(o.queries)},
        {"--window", size_option(o.window)},
        {"--connect-concurrency", size_option(o.connect_concurrency)},
        {"--server-pid", [&](std::string_view v) { return parse_number(v, o.server_pid); }},
        {"--label", [&](std::string_view v) { return o.label = v, true; }},
    };
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--quiet-wait") {
            o.quiet_wait = true;
            continue;
        }
        const auto it = valued.find(arg);
        if (it == valued.end()) return "unknown option " + std::string(arg);
        if (i + 1 >= argc) return std::string(arg) + " needs a value";
        if (!it->second(argv[++i]))
            return "bad value for " + std::string(arg) + ": " + std::string(argv[i]);
    }
    o.url = url;
    if (auto error = parse_url(url, o); !error.empty()) return error;
    if (o.connections == 0 || o.connections > max_connections)
        return "--connections must be 1 .. " + std::to_string(max_connections);
    if (o.members == 0 || o.workers == 0 || o.window == 0 || o.connect_concurrency == 0 ||
        o.size == 0)
        return "--members, --workers, --window, --connect-concurrency and --size must be at least "
               "1";
    if (o.seconds <= 0 || o.seconds > 3600) return "--seconds must be in (0, 3600]";
    if (o.deadline == 0) o.deadline = o.seconds * 3 + 120;
    if (o.protocol == Protocol::raw && o.mode == Mode::history)
        return "history mode needs --protocol chatd (raw servers keep no history)";
    return o;
}

} // namespace chatd::bench
