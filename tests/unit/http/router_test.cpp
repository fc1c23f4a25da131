// The route table: pattern rules, matching priority, parameters, 404 and 405.
#include "http/router.hpp"

#include <gtest/gtest.h>

namespace chatd::http {
namespace {

// Adds a route that must be accepted.
RouteId add(Router &router, std::string_view method, std::string_view pattern) {
    std::string error;
    auto id = router.add(method, pattern, error);
    EXPECT_TRUE(id) << error;
    EXPECT_TRUE(error.empty()) << error;
    return id.value_or(RouteId(-1));
}

// The error for a route that must be refused.
std::string refusal(Router &router, std::string_view method, std::string_view pattern) {
    std::string error;
    EXPECT_FALSE(router.add(method, pattern, error)) << method << " " << pattern;
    return error;
}

RouteMatch matched(const Router &router, std::string_view method, std::string_view path) {
    auto result = router.match(method, path);
    auto *match = std::get_if<RouteMatch>(&result);
    if (!match) {
        ADD_FAILURE() << method << " " << path << " matched no route";
        return {RouteId(-1), {}};
    }
    return *match;
}

bool not_found(const Router &router, std::string_view method, std::string_view path) {
    return std::holds_alternative<NotFound>(router.match(method, path));
}

std::vector<std::string> allowed(const Router &router, std::string_view method,
                                 std::string_view path) {
    auto result = router.match(method, path);
    auto *refused = std::get_if<MethodNotAllowed>(&result);
    if (!refused) {
        ADD_FAILURE() << method << " " << path << " was not refused with 405";
        return {};
    }
    return refused->allowed;
}

TEST(Router, IdsCountFromZeroInOrder) {
    Router router;
    EXPECT_EQ(add(router, "GET", "/healthz"), 0u);
    EXPECT_EQ(add(router, "GET", "/metrics"), 1u);
    EXPECT_EQ(add(router, "POST", "/healthz"), 2u);
}

TEST(Router, MatchesLiteralPaths) {
    Router router;
    const auto health = add(router, "GET", "/healthz");
    const auto root = add(router, "GET", "/");
    EXPECT_EQ(matched(router, "GET", "/healthz").route, health);
    EXPECT_TRUE(matched(router, "GET", "/healthz").params.empty());
    EXPECT_EQ(matched(router, "GET", "/").route, root);
    EXPECT_TRUE(not_found(router, "GET", "/health"));
    EXPECT_TRUE(not_found(router, "GET", "/healthz/x"));
    EXPECT_TRUE(not_found(router, "GET", "healthz"));
    EXPECT_TRUE(not_found(router, "GET", ""));
}

TEST(Router, NamedSegmentsAreDecoded) {
    Router router;
    const auto messages = add(router, "GET", "/api/v1/rooms/{room}/messages");
    auto match = matched(router, "GET", "/api/v1/rooms/lobby/messages");
    EXPECT_EQ(match.route, messages);
    EXPECT_EQ(match.params, (PathParams{{"room", "lobby"}}));

    match = matched(router, "GET", "/api/v1/rooms/caf%C3%A9%20%2F%20bar/messages");
    EXPECT_EQ(match.params.at("room"), "caf\xc3\xa9 / bar")
        << "an encoded '/' stays in its segment";
}

TEST(Router, NamedSegmentNeverMatchesEmpty) {
    Router router;
    add(router, "GET", "/rooms/{room}");
    EXPECT_TRUE(not_found(router, "GET", "/rooms/"));
    EXPECT_TRUE(not_found(router, "GET", "/rooms"));
}

TEST(Router, SeveralParametersKeepTheirNames) {
    Router router;
    add(router, "GET", "/rooms/{room}/messages/{seq}");
    EXPECT_EQ(matched(router, "GET", "/rooms/a/messages/7").params,
              (PathParams{{"room", "a"}, {"seq", "7"}}));
}

TEST(Router, RoutesAtTheSamePlaceMayNameParametersDifferently) {
    Router router;
    add(router, "GET", "/rooms/{room}");
    add(router, "DELETE", "/rooms/{id}");
    EXPECT_EQ(matched(router, "GET", "/rooms/x").params, (PathParams{{"room", "x"}}));
    EXPECT_EQ(matched(router, "DELETE", "/rooms/x").params, (PathParams{{"id", "x"}}));
}

TEST(Router, LiteralWinsOverNamedSegment) {
    Router router;
    const auto by_name = add(router, "GET", "/rooms/{room}");
    const auto fixed = add(router, "GET", "/rooms/new");
    EXPECT_EQ(matched(router, "GET", "/rooms/new").route, fixed);
    EXPECT_EQ(matched(router, "GET", "/rooms/old").route, by_name);
}

TEST(Router, LiteralWinsWhicheverWasAddedFirst) {
    Router router;
    const auto fixed = add(router, "GET", "/rooms/new");
    const auto by_name = add(router, "GET", "/rooms/{room}");
    EXPECT_EQ(matched(router, "GET", "/rooms/new").route, fixed);
    EXPECT_EQ(matched(router, "GET", "/rooms/other").route, by_name);
}

TEST(Router, FallsBackToANamedSegmentWhenTheLiteralBranchEndsElsewhere) {
    Router router;
    add(router, "GET", "/rooms/new/form");
    const auto messages = add(router, "GET", "/rooms/{room}/messages");
    auto match = matched(router, "GET", "/rooms/new/messages");
    EXPECT_EQ(match.route, messages);
    EXPECT_EQ(match.params.at("room"), "new");
}

TEST(Router, TheMethodCanPickALessSpecificPattern) {
    Router router;
    add(router, "GET", "/rooms/new");
    const auto post = add(router, "POST", "/rooms/{room}");
    EXPECT_EQ(matched(router, "POST", "/rooms/new").route, post);
}

TEST(Router, CatchAllTakesTheRestOfThePath) {
    Router router;
    const auto files = add(router, "GET", "/static/{file...}");
    auto match = matched(router, "GET", "/static/css/a%20b.css");
    EXPECT_EQ(match.route, files);
    EXPECT_EQ(match.params, (PathParams{{"file", "css/a b.css"}}));
    EXPECT_EQ(matched(router, "GET", "/static/").params.at("file"), "");
    EXPECT_EQ(matched(router, "GET", "/static/a//b/").params.at("file"), "a//b/");
    EXPECT_TRUE(not_found(router, "GET", "/static"));
}

TEST(Router, CatchAllAtTheRootMatchesEverything) {
    Router router;
    add(router, "GET", "/{path...}");
    EXPECT_EQ(matched(router, "GET", "/").params.at("path"), "");
    EXPECT_EQ(matched(router, "GET", "/a/b").params.at("path"), "a/b");
}

TEST(Router, CatchAllLosesToLiteralAndNamedSegments) {
    Router router;
    const auto any = add(router, "GET", "/files/{rest...}");
    const auto one = add(router, "GET", "/files/{name}");
    const auto index = add(router, "GET", "/files/index");
    EXPECT_EQ(matched(router, "GET", "/files/index").route, index);
    EXPECT_EQ(matched(router, "GET", "/files/a").route, one);
    EXPECT_EQ(matched(router, "GET", "/files/a/b").route, any);
}

TEST(Router, CatchAllCombinesWithNamedSegments) {
    Router router;
    add(router, "GET", "/rooms/{room}/files/{path...}");
    EXPECT_EQ(matched(router, "GET", "/rooms/r1/files/x/y.txt").params,
              (PathParams{{"room", "r1"}, {"path", "x/y.txt"}}));
}

TEST(Router, TrailingSlashIsSignificant) {
    Router router;
    const auto bare = add(router, "GET", "/rooms");
    const auto slash = add(router, "GET", "/rooms/");
    EXPECT_EQ(matched(router, "GET", "/rooms").route, bare);
    EXPECT_EQ(matched(router, "GET", "/rooms/").route, slash);
}

TEST(Router, LiteralsAreComparedDecoded) {
    Router router;
    const auto cafe = add(router, "GET", "/caf\xc3\xa9/menu");
    EXPECT_EQ(matched(router, "GET", "/caf%C3%A9/menu").route, cafe);
    EXPECT_EQ(matched(router, "GET", "/caf%c3%a9/m%65nu").route, cafe);
}

TEST(Router, WrongMethodIs405WithEveryAllowedMethod) {
    Router router;
    add(router, "GET", "/api/v1/rooms/{room}/messages");
    add(router, "POST", "/api/v1/rooms/{room}/messages");
    add(router, "DELETE", "/api/v1/rooms/{id}/messages");
    EXPECT_EQ(allowed(router, "PUT", "/api/v1/rooms/lobby/messages"),
              (std::vector<std::string>{"DELETE", "GET", "HEAD", "POST"}));
    EXPECT_TRUE(not_found(router, "PUT", "/api/v1/rooms/lobby"));
}

TEST(Router, AllowListsMethodsOfEveryPatternThatMatchesThePath) {
    Router router;
    add(router, "POST", "/rooms/new");
    add(router, "DELETE", "/rooms/{room}");
    EXPECT_EQ(allowed(router, "PUT", "/rooms/new"), (std::vector<std::string>{"DELETE", "POST"}));
    EXPECT_EQ(allowed(router, "PUT", "/rooms/other"), (std::vector<std::string>{"DELETE"}));
}

TEST(Router, HeadUsesTheGetRouteUnlessItHasItsOwn) {
    Router router;
    const auto get = add(router, "GET", "/a");
    EXPECT_EQ(matched(router, "HEAD", "/a").route, get);
    const auto head = add(router, "HEAD", "/a");
    EXPECT_EQ(matched(router, "HEAD", "/a").route, head);
    EXPECT_EQ(matched(router, "GET", "/a").route, get);

    add(router, "POST", "/b");
    EXPECT_EQ(allowed(router, "HEAD", "/b"), (std::vector<std::string>{"POST"}));
}

TEST(Router, AnyUpperCaseMethodIsARoute) {
    Router router;
    const auto options = add(router, "OPTIONS", "/a");
    const auto custom = add(router, "PURGE", "/a");
    EXPECT_EQ(matched(router, "OPTIONS", "/a").route, options);
    EXPECT_EQ(matched(router, "PURGE", "/a").route, custom);
}

TEST(Router, RefusesTheSameMethodAndPatternTwice) {
    Router router;
    add(router, "GET", "/rooms/{room}");
    EXPECT_EQ(refusal(router, "GET", "/rooms/{room}"),
              "route GET /rooms/{room}: already registered as GET /rooms/{room}");
    EXPECT_EQ(refusal(router, "GET", "/rooms/{id}"),
              "route GET /rooms/{id}: already registered as GET /rooms/{room}");
    add(router, "POST", "/rooms/{room}");
    add(router, "GET", "/rooms/{room...}");
    EXPECT_EQ(matched(router, "GET", "/rooms/x").route, 0u) << "refusals change nothing";
}

TEST(Router, RefusesMalformedPatterns) {
    Router router;
    const auto refused_because = [&](std::string_view pattern, std::string_view why) {
        const std::string error = refusal(router, "GET", pattern);
        EXPECT_NE(error.find(why), std::string::npos) << pattern << ": " << error;
        EXPECT_TRUE(error.starts_with("route GET " + std::string(pattern) + ": ")) << error;
    };
    refused_because("", "must start with '/'");
    refused_because("rooms", "must start with '/'");
    refused_because("/rooms//messages", "empty segment");
    refused_because("/rooms/{}", "needs a name");
    refused_because("/rooms/{...}", "needs a name");
    refused_because("/rooms/{room name}", "needs a name of letters, digits and '_'");
    refused_because("/rooms/{room-id}", "needs a name of letters, digits and '_'");
    refused_because("/rooms/{room", "must be a literal or a whole {name}");
    refused_because("/rooms/{room}.json", "must be a literal or a whole {name}");
    refused_because("/rooms/x{room}", "contains one of {}%?#");
    refused_because("/rooms/a}b", "contains one of {}%?#");
    refused_because("/caf%C3%A9", "write literals decoded");
    refused_because("/a?b", "contains one of {}%?#");
    refused_because("/a#b", "contains one of {}%?#");
    refused_because("/{a}/{a}", "the parameter name 'a' is used twice");
    refused_because("/{a}/{a...}", "the parameter name 'a' is used twice");
    refused_because("/{rest...}/x", "'{rest...}' must be the last segment");
    EXPECT_TRUE(not_found(router, "GET", "/rooms/x")) << "a refused route adds nothing";
}

TEST(Router, RefusesMethodsThatCouldNeverMatch) {
    Router router;
    for (const char *method : {"", "get", "Get", "GET ", "M-SEARCH"})
        EXPECT_NE(refusal(router, method, "/a").find("the method must be upper-case letters"),
                  std::string::npos)
            << method;
}

TEST(Router, ATrailingEmptySegmentIsALiteral) {
    Router router;
    add(router, "GET", "/{room}/");
    EXPECT_EQ(matched(router, "GET", "/lobby/").params.at("room"), "lobby");
    EXPECT_TRUE(not_found(router, "GET", "/lobby"));
}

} // namespace
} // namespace chatd::http
