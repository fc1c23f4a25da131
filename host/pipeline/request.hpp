#pragma once

#include <chatd/plugin_abi.h>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The host's side of the ABI's opaque request handle: an upgrade's or a
// route's request, seen through views into whatever holds it for the hook.
struct chatd_request {
    using Pairs = std::vector<std::pair<std::string, std::string>>;

    chatd_http_id id = 0; // 0 for an upgrade
    std::string_view method;
    std::string_view path; // percent-decoded
    std::string_view query;
    std::string_view remote_address;
    std::string_view body;
    bool tls = false;
    const Pairs *headers = nullptr;    // names lower case
    const Pairs *query_args = nullptr; // decoded, in order
    const std::map<std::string, std::string, std::less<>> *params = nullptr;
    // The Cookie header, parsed on first use.
    mutable std::optional<Pairs> cookies;

    // Who sent a route's request, as the plugins' on_http_request said;
    // settable only while that hook runs (`identifying`).
    bool identifying = false;
    std::optional<std::string> user;
    std::vector<std::string> roles;
    // What the refusing hook asked the host to answer.
    uint16_t refuse_status = 0;
    std::string refuse_code;
    std::string refuse_message;
};
