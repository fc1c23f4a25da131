#include "config/server_config.hpp"

#include "config/schema.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>

namespace chatd::config {
namespace {

// What a value must also satisfy beyond its type, as "must ..." text when it does not.
using Rule = std::optional<std::string> (*)(const Value &);

struct Field {
    OptionSpec option;
    void (*assign)(ServerConfig &, const Value &);
    Rule rule = nullptr;
};

template <auto Member>
using MemberType = std::remove_cvref_t<decltype(std::declval<ServerConfig &>().*Member)>;

// The bounds are checked against the field's type here, so no accepted value is truncated.
template <auto Member, int64_t Min, int64_t Max> Field integer(const char *name) {
    using T = MemberType<Member>;
    static_assert(0 <= Min && Min < Max &&
                  static_cast<uint64_t>(Max) <= std::numeric_limits<T>::max());
    return {OptionSpec{.name = name, .type = CHATD_CONFIG_INT, .min_int = Min, .max_int = Max},
            [](ServerConfig &config, const Value &value) {
                config.*Member = static_cast<T>(std::get<int64_t>(value));
            }};
}

template <auto Member> Field checked(const char *name, Rule rule) {
    using T = MemberType<Member>;
    constexpr chatd_config_type type = std::is_same_v<T, std::string> ? CHATD_CONFIG_STRING
                                       : std::is_same_v<T, double>    ? CHATD_CONFIG_DOUBLE
                                       : std::is_same_v<T, bool>      ? CHATD_CONFIG_BOOL
                                                                      : CHATD_CONFIG_STRING_ARRAY;
    static_assert(type != CHATD_CONFIG_STRING_ARRAY || std::is_same_v<T, std::vector<std::string>>);
    return {OptionSpec{.name = name, .type = type},
            [](ServerConfig &config, const Value &value) { config.*Member = std::get<T>(value); },
            rule};
}

bool is_visible_ascii(char c) { return c > ' ' && c < 0x7f; }

std::optional<std::string> not_empty(const Value &value) {
    if (std::get<std::string>(value).empty()) return "must not be empty";
    return std::nullopt;
}

std::optional<std::string> url_path(const Value &value) {
    const auto &path = std::get<std::string>(value);
    if (!path.starts_with('/')) return "must start with '/'";
    if (!std::all_of(path.begin(), path.end(),
                     [](char c) { return is_visible_ascii(c) && c != '?' && c != '#'; }))
        return "must be a plain URL path: visible ASCII without '?' or '#'";
    return std::nullopt;
}

// Browsers send Origin as lowercase scheme://host[:port] and nothing after, and the host
// compares it as written, so anything else here could never match.
bool is_origin(std::string_view origin) {
    for (std::string_view scheme : {"http://", "https://"}) {
        if (!origin.starts_with(scheme)) continue;
        const auto authority = origin.substr(scheme.size());
        return !authority.empty() && std::all_of(authority.begin(), authority.end(), [](char c) {
            return is_visible_ascii(c) && !(c >= 'A' && c <= 'Z') && c != '/' && c != '?' &&
                   c != '#';
        });
    }
    return false;
}

std::optional<std::string> origins(const Value &value) {
    std::vector<std::string> bad;
    for (const auto &origin : std::get<std::vector<std::string>>(value))
        if (!is_origin(origin)) bad.push_back(origin);
    if (bad.empty()) return std::nullopt;
    return "must hold origins like https://chat.example.com (lowercase scheme://host[:port], "
           "nothing after), not " +
           quote_list(bad);
}

std::optional<std::string> positive(const Value &value) {
    const double number = std::get<double>(value);
    if (!std::isfinite(number) || number <= 0) return "must be a finite number greater than 0";
    return std::nullopt;
}

std::optional<std::string> log_level(const Value &value) {
    static constexpr std::array<std::string_view, 6> levels = {"trace", "debug", "info",
                                                               "warn",  "error", "off"};
    if (std::find(levels.begin(), levels.end(), std::get<std::string>(value)) == levels.end())
        return "must be one of trace, debug, info, warn, error, off";
    return std::nullopt;
}

const std::vector<Field> &fields() {
    using C = ServerConfig;
    static const std::vector<Field> all = {
        checked<&C::host>("host", not_empty),
        integer<&C::port, 0, 65535>("port"),
        checked<&C::path>("path", url_path),
        integer<&C::max_message_bytes, 128, 16 << 20>("max_message_bytes"),
        integer<&C::send_queue_bytes, 4096, 1 << 30>("send_queue_bytes"),
        integer<&C::reply_queue_bytes, 1, 1 << 30>("reply_queue_bytes"),
        integer<&C::max_http_body_bytes, 0, 64 << 20>("max_http_body_bytes"),
        integer<&C::max_connections, 1, 1'000'000>("max_connections"),
        integer<&C::max_connections_per_address, 1, 1'000'000>("max_connections_per_address"),
        integer<&C::max_handshakes_per_address, 1, 1'000'000>("max_handshakes_per_address"),
        integer<&C::handshake_timeout_seconds, 1, 300>("handshake_timeout_seconds"),
        integer<&C::input_queue_bytes, 65536, int64_t{16} << 30>("input_queue_bytes"),
        integer<&C::connection_input_bytes, 4096, 1 << 30>("connection_input_bytes"),
        integer<&C::ping_interval_seconds, 1, 3600>("ping_interval_seconds"),
        integer<&C::idle_timeout_seconds, 2, 65535>("idle_timeout_seconds"),
        checked<&C::allowed_origins>("allowed_origins", origins),
        checked<&C::rate_limit_per_second>("rate_limit_per_second", positive),
        integer<&C::rate_limit_burst, 1, std::numeric_limits<uint32_t>::max()>("rate_limit_burst"),
        integer<&C::reply_cost_bytes, 256, 1 << 30>("reply_cost_bytes"),
        checked<&C::log_level>("log_level", log_level),
        integer<&C::shutdown_timeout_ms, 0, 60000>("shutdown_timeout_ms"),
        integer<&C::close_timeout_seconds, 1, 60>("close_timeout_seconds"),
        integer<&C::io_threads, 0, kMaxIoThreads>("io_threads"),
        checked<&C::permessage_deflate>("permessage_deflate", nullptr),
    };
    return all;
}

const Field *find_field(std::string_view key) {
    const auto &all = fields();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [key](const Field &field) { return field.option.name == key; });
    return it == all.end() ? nullptr : &*it;
}

// An error unless `holds`, placed at the first of `keys` the file sets. Judged only when none of
// the keys was rejected, so one mistake is not reported twice.
void check_relation(bool holds, std::array<std::string_view, 2> keys, const std::string &message,
                    const RawTable &table, const std::vector<std::string_view> &rejected,
                    const std::string &file, std::vector<Error> &errors) {
    if (holds) return;
    for (auto key : keys)
        if (std::find(rejected.begin(), rejected.end(), key) != rejected.end()) return;
    const RawEntry *at = find_entry(table, keys[0]);
    if (at == nullptr) at = find_entry(table, keys[1]);
    errors.push_back(error_at(file, at ? at->value_position : Position{}, message));
}

void check_relations(const RawTable &table, const ServerConfig &c,
                     const std::vector<std::string_view> &rejected, const std::string &file,
                     std::vector<Error> &errors) {
    // The server pings after ping_interval of silence and needs the pong before idle_timeout.
    check_relation(c.idle_timeout_seconds > c.ping_interval_seconds,
                   {"idle_timeout_seconds", "ping_interval_seconds"},
                   "'idle_timeout_seconds' (" + std::to_string(c.idle_timeout_seconds) +
                       ") must be greater than 'ping_interval_seconds' (" +
                       std::to_string(c.ping_interval_seconds) + ")",
                   table, rejected, file, errors);
    // Messages and bodies still arriving may hold half the input budget; a larger one would be
    // shed every time (net/input_budget.hpp).
    const uint64_t share = c.input_queue_bytes / 2;
    const auto within_share = [&](uint64_t bytes, std::string_view key) {
        check_relation(bytes <= share, {key, "input_queue_bytes"},
                       "'" + std::string(key) + "' (" + std::to_string(bytes) +
                           ") must be at most half of 'input_queue_bytes' (" +
                           std::to_string(c.input_queue_bytes) + ")",
                       table, rejected, file, errors);
    };
    within_share(c.max_message_bytes, "max_message_bytes");
    within_share(c.max_http_body_bytes, "max_http_body_bytes");
}

// Replies are a share of the send queue. Unset, the share follows a smaller queue down, so
// setting only send_queue_bytes never needs a second key.
void check_reply_queue(const RawTable &table, ServerConfig &config,
                       const std::vector<std::string_view> &rejected, const std::string &file,
                       std::vector<Error> &errors) {
    const RawEntry *at = find_entry(table, "reply_queue_bytes");
    if (at == nullptr) {
        config.reply_queue_bytes = std::min(config.reply_queue_bytes, config.send_queue_bytes);
        return;
    }
    if (config.reply_queue_bytes <= config.send_queue_bytes) return;
    for (std::string_view key : {"reply_queue_bytes", "send_queue_bytes"})
        if (std::find(rejected.begin(), rejected.end(), key) != rejected.end()) return;
    errors.push_back(error_at(file, at->value_position,
                              "'reply_queue_bytes' (" + std::to_string(config.reply_queue_bytes) +
                                  ") must be at most 'send_queue_bytes' (" +
                                  std::to_string(config.send_queue_bytes) + ")"));
}

} // namespace

ServerConfig read_server(const RawTable &table, const std::string &file,
                         std::vector<Error> &errors) {
    ServerConfig config;
    std::vector<std::string_view> rejected;
    for (const RawEntry &entry : table) {
        const Field *field = find_field(entry.key);
        const auto value =
            check_entry(entry, field ? &field->option : nullptr, "[server]", file, errors);
        const auto problem = value && field->rule ? field->rule(*value) : std::nullopt;
        if (problem)
            errors.push_back(
                error_at(file, entry.value_position, "'" + entry.key + "' " + *problem));
        if (!value || problem) {
            rejected.push_back(entry.key);
            continue;
        }
        field->assign(config, *value);
    }
    check_relations(table, config, rejected, file, errors);
    check_reply_queue(table, config, rejected, file, errors);
    return config;
}

} // namespace chatd::config
