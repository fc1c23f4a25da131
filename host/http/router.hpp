#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chatd::http {

// Routes are numbered from 0 in the order they were added.
using RouteId = uint32_t;

// A route's `{name}` segments, percent-decoded, by name.
using PathParams = std::map<std::string, std::string, std::less<>>;

struct RouteMatch {
    RouteId route;
    PathParams params;
};

struct NotFound {};

// Routes exist for this path, but none for the method: answer 405 with
// `allowed` (sorted) as the Allow header.
struct MethodNotAllowed {
    std::vector<std::string> allowed;
};

using MatchResult = std::variant<RouteMatch, NotFound, MethodNotAllowed>;

// Maps a request's method and path to a route.
//
// A pattern starts with '/' and is split at '/' into segments, each either a
// literal or `{name}` (one non-empty segment); the last one may instead be
// `{name...}`, which takes the rest of the path (one or more segments, the
// value may be empty) as one decoded string, slashes included. Names are
// letters, digits and '_'. A trailing slash is significant: "/rooms/" and
// "/rooms" are different routes. Literals are written decoded and compared
// with the decoded path segment, so "/caf%C3%A9" matches the literal "café".
//
// Paths are matched as percent-encoded text (transport::HttpRequest::path),
// segment by segment, so an encoded '/' stays inside its segment.
//
// When several patterns match a path, a literal segment wins over `{name}`,
// which wins over `{name...}`, deciding from the left; the first of them with
// a route for the method is chosen. A HEAD request uses the GET route unless a
// HEAD route is registered.
class Router {
public:
    Router();
    ~Router();
    Router(Router &&) noexcept;
    Router &operator=(Router &&) noexcept;

    // The new route's id, or nullopt with `error` naming the route and what
    // is wrong: a malformed pattern, a repeated name, or a method and pattern
    // that are already registered (`{room}` and `{id}` in the same place count
    // as the same pattern).
    std::optional<RouteId> add(std::string_view method, std::string_view pattern,
                               std::string &error);

    MatchResult match(std::string_view method, std::string_view path) const;

private:
    struct Node;
    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> param_names; // in path order
    };

    std::unique_ptr<Node> root_;
    std::vector<Route> routes_;
};

} // namespace chatd::http
