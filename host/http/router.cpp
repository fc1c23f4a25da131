#include "http/router.hpp"

#include "http/url_decoding.hpp"

#include <algorithm>
#include <set>

namespace chatd::http {
namespace {

// "/" is one empty segment and "/a/" is "a" then an empty one, so a trailing
// slash survives splitting and `{name...}` can match the root.
std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> segments;
    std::string_view rest = path.substr(1);
    for (;;) {
        const size_t slash = rest.find('/');
        segments.push_back(rest.substr(0, slash));
        if (slash == std::string_view::npos) return segments;
        rest.remove_prefix(slash + 1);
    }
}

bool is_method(std::string_view method) {
    return !method.empty() &&
           std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_param_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    });
}

struct Segment {
    enum class Kind { Literal, Param, Rest } kind;
    std::string_view text; // the literal, or the parameter's name
};

// The pattern's segments, or why it is malformed.
std::variant<std::vector<Segment>, std::string> parse_pattern(std::string_view pattern) {
    if (!pattern.starts_with('/')) return "the pattern must start with '/'";
    std::vector<Segment> parsed;
    std::vector<std::string_view> names;
    const auto segments = split(pattern);
    for (size_t i = 0; i < segments.size(); ++i) {
        const std::string_view segment = segments[i];
        const bool last = i + 1 == segments.size();
        if (!segment.starts_with('{')) {
            if (segment.empty() && !last) return "empty segment ('//')";
            if (segment.find_first_of("{}%?#") != std::string_view::npos)
                return "literal segment '" + std::string(segment) +
                       "' contains one of {}%?# (write literals decoded; a parameter is a "
                       "whole segment)";
            parsed.push_back({Segment::Kind::Literal, segment});
            continue;
        }
        if (!segment.ends_with('}'))
            return "segment '" + std::string(segment) + "' must be a literal or a whole {name}";
        std::string_view name = segment.substr(1, segment.size() - 2);
        const bool rest = name.ends_with("...");
        if (rest) name.remove_suffix(3);
        if (!is_param_name(name))
            return "parameter '" + std::string(segment) +
                   "' needs a name of letters, digits and '_'";
        if (rest && !last) return "'" + std::string(segment) + "' must be the last segment";
        if (std::find(names.begin(), names.end(), name) != names.end())
            return "the parameter name '" + std::string(name) + "' is used twice";
        names.push_back(name);
        parsed.push_back({rest ? Segment::Kind::Rest : Segment::Kind::Param, name});
    }
    return parsed;
}

} // namespace

struct Router::Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
    std::unique_ptr<Node> param;                        // {name}
    std::unique_ptr<Node> rest;                         // {name...}: the path ends here
    std::map<std::string, RouteId, std::less<>> routes; // by method, for paths ending here

    // A node where the path ends and the parameter values on the way to it.
    struct Found {
        const Node *node;
        std::vector<std::string> values;
    };

    // Every node the path ends at, most specific first.
    void collect(std::string_view path, const std::vector<std::string_view> &segments, size_t at,
                 std::vector<std::string> &values, std::vector<Found> &found) const {
        if (at == segments.size()) {
            if (!routes.empty()) found.push_back({this, values});
            return;
        }
        const std::string decoded = percent_decode(segments[at]);
        if (auto it = literals.find(decoded); it != literals.end())
            it->second->collect(path, segments, at + 1, values, found);
        if (param && !decoded.empty()) {
            values.push_back(decoded);
            param->collect(path, segments, at + 1, values, found);
            values.pop_back();
        }
        if (rest) {
            const auto offset = static_cast<size_t>(segments[at].data() - path.data());
            values.push_back(percent_decode(path.substr(offset)));
            rest->collect(path, segments, segments.size(), values, found);
            values.pop_back();
        }
    }

    std::optional<RouteId> route_for(std::string_view method) const {
        auto it = routes.find(method);
        if (it == routes.end() && method == "HEAD") it = routes.find("GET");
        if (it == routes.end()) return std::nullopt;
        return it->second;
    }
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router &&) noexcept = default;
Router &Router::operator=(Router &&) noexcept = default;

std::optional<RouteId> Router::add(std::string_view method, std::string_view pattern,
                                   std::string &error) {
    const auto refuse = [&](const std::string &why) -> std::optional<RouteId> {
        error = "route " + std::string(method) + " " + std::string(pattern) + ": " + why;
        return std::nullopt;
    };
    if (!is_method(method)) return refuse("the method must be upper-case letters, like GET");
    auto parsed = parse_pattern(pattern);
    if (auto *why = std::get_if<std::string>(&parsed)) return refuse(*why);

    Route route{std::string(method), std::string(pattern), {}};
    Node *node = root_.get();
    for (const Segment &segment : std::get<std::vector<Segment>>(parsed)) {
        std::unique_ptr<Node> *child = nullptr;
        switch (segment.kind) {
        case Segment::Kind::Literal: child = &node->literals[std::string(segment.text)]; break;
        case Segment::Kind::Param: child = &node->param; break;
        case Segment::Kind::Rest: child = &node->rest; break;
        }
        if (segment.kind != Segment::Kind::Literal) route.param_names.emplace_back(segment.text);
        if (!*child) *child = std::make_unique<Node>();
        node = child->get();
    }
    if (auto it = node->routes.find(method); it != node->routes.end())
        return refuse("already registered as " + routes_[it->second].method + " " +
                      routes_[it->second].pattern);
    const auto id = static_cast<RouteId>(routes_.size());
    node->routes.emplace(method, id);
    routes_.push_back(std::move(route));
    return id;
}

MatchResult Router::match(std::string_view method, std::string_view path) const {
    if (!path.starts_with('/')) return NotFound{};
    const auto segments = split(path);
    std::vector<std::string> values;
    std::vector<Node::Found> found;
    root_->collect(path, segments, 0, values, found);

    for (Node::Found &candidate : found) {
        const auto id = candidate.node->route_for(method);
        if (!id) continue;
        RouteMatch match{*id, {}};
        const auto &names = routes_[*id].param_names;
        for (size_t i = 0; i < names.size(); ++i)
            match.params.emplace(names[i], std::move(candidate.values[i]));
        return match;
    }
    if (found.empty()) return NotFound{};
    std::set<std::string> allowed;
    for (const Node::Found &candidate : found)
        for (const auto &[name, id] : candidate.node->routes) {
            allowed.insert(name);
            if (name == "GET") allowed.insert("HEAD");
        }
    return MethodNotAllowed{{allowed.begin(), allowed.end()}};
}

} // namespace chatd::http
