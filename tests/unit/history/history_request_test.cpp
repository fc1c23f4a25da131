// A `history` request as the client writes it, into the Query the store runs.
#include "history_request.hpp"

#include <gtest/gtest.h>

#include <map>

namespace chatd::history {
namespace {

using nlohmann::json;

Query parse(const json &request) {
    return parse_history_request(request, {.default_limit = 50, .max_limit = 500});
}

// What `read` (a history request's parser unless told) says is wrong.
std::string refusal(
    const json &request, void (*read)(const json &) = [](const json &r) { parse(r); }) {
    try {
        read(request);
    } catch (const BadRequest &e) {
        return e.what();
    }
    return "(accepted)";
}

TEST(HistoryRequest, EachAnchorBecomesItsQuery) {
    EXPECT_EQ(parse({{"room", "r"}, {"latest", true}}).anchor, Anchor::Latest);
    const Query before = parse({{"room", "r"}, {"before", 10}});
    EXPECT_EQ(before.anchor, Anchor::Before);
    EXPECT_EQ(before.seq, 10u);
    EXPECT_EQ(parse({{"room", "r"}, {"after", 0}}).anchor, Anchor::After);
    EXPECT_EQ(parse({{"room", "r"}, {"around", 7}}).seq, 7u);
    const Query between = parse({{"room", "r"}, {"between", {3, 9}}});
    EXPECT_EQ(between.anchor, Anchor::Between);
    EXPECT_EQ(between.seq, 3u);
    EXPECT_EQ(between.seq_last, 9u);
    const Query since = parse({{"room", "r"}, {"after_ts", "2026-12-01T10:00:00.250Z"}});
    EXPECT_EQ(since.anchor, Anchor::AfterTime);
    EXPECT_EQ(since.ts_ms, 1'796'119'200'250);
    EXPECT_EQ(parse({{"room", "r"}, {"before_ts", "2026-12-01T11:00:00+01:00"}}).ts_ms,
              1'796'119'200'000);
}

TEST(HistoryRequest, LimitFromAndSearchAreOptional) {
    const Query plain = parse({{"room", "dev"}, {"latest", true}});
    EXPECT_EQ(plain.room, "dev");
    EXPECT_EQ(plain.limit, 50u);
    EXPECT_FALSE(plain.from);
    EXPECT_FALSE(plain.search);
    const Query full = parse(
        {{"room", "dev"}, {"latest", true}, {"limit", 500}, {"from", "bob"}, {"search", "deploy"}});
    EXPECT_EQ(full.limit, 500u);
    EXPECT_EQ(full.from, "bob");
    EXPECT_EQ(full.search, "deploy");
}

TEST(HistoryRequest, ExactlyOneAnchor) {
    EXPECT_NE(refusal({{"room", "r"}}).find("exactly one"), std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"latest", true}, {"before", 3}}).find("exactly one"),
              std::string::npos);
}

TEST(HistoryRequest, EveryMalformedFieldIsNamed) {
    EXPECT_NE(refusal({{"latest", true}}).find("'room'"), std::string::npos);
    EXPECT_NE(refusal({{"room", ""}, {"latest", true}}).find("'room'"), std::string::npos);
    EXPECT_NE(refusal({{"room", 5}, {"latest", true}}).find("'room'"), std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"latest", false}}).find("'latest'"), std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"before", -1}}).find("'before'"), std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"before", 1.5}}).find("'before'"), std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"after", "3"}}).find("'after'"), std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"between", {9, 3}}}).find("'between'"), std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"between", {1}}}).find("'between'"), std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"after_ts", "yesterday"}}).find("'after_ts'"),
              std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"latest", true}, {"limit", 0}}).find("'limit'"),
              std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"latest", true}, {"limit", 501}}).find("1 to 500"),
              std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"latest", true}, {"from", ""}}).find("'from'"),
              std::string::npos);
    EXPECT_NE(refusal({{"room", "r"}, {"latest", true}, {"search", 3}}).find("'search'"),
              std::string::npos);
}

TEST(DeleteRequest, RoomSeqAndAnOptionalReason) {
    const DeleteRequest plain = parse_delete_request({{"room", "dev"}, {"seq", 7}});
    EXPECT_EQ(plain.room, "dev");
    EXPECT_EQ(plain.seq, 7u);
    EXPECT_EQ(plain.reason, std::nullopt);
    EXPECT_EQ(parse_delete_request({{"room", "dev"}, {"seq", 7}, {"reason", "spam"}}).reason,
              "spam");
    const auto refused = [](const json &request) {
        return refusal(request, [](const json &r) { parse_delete_request(r); });
    };
    EXPECT_NE(refused({{"seq", 1}}).find("'room'"), std::string::npos);
    EXPECT_NE(refused({{"room", "a b"}, {"seq", 1}}).find("'room'"), std::string::npos);
    EXPECT_NE(refused({{"room", "dm:a:b"}, {"seq", 1}}).find("'room'"), std::string::npos);
    EXPECT_NE(refused({{"room", "dev"}}).find("'seq'"), std::string::npos);
    EXPECT_NE(refused({{"room", "dev"}, {"seq", 0}}).find("'seq'"), std::string::npos);
    EXPECT_NE(refused({{"room", "dev"}, {"seq", -2}}).find("'seq'"), std::string::npos);
    EXPECT_NE(refused({{"room", "dev"}, {"seq", "2"}}).find("'seq'"), std::string::npos);
    EXPECT_NE(refused({{"room", "dev"}, {"seq", 2}, {"reason", false}}).find("'reason'"),
              std::string::npos);
}

// The query string of GET /api/v1/rooms/{room}/messages, as the parser sees it.
json from_http(std::map<std::string, std::string> params) {
    return http_history_request("lobby", [&params](const char *key) {
        auto it = params.find(key);
        return it == params.end() ? std::nullopt : std::optional<std::string_view>(it->second);
    });
}

TEST(HttpHistoryRequest, ParametersBecomeTheFieldsOfARequest) {
    EXPECT_EQ(from_http({}), json({{"room", "lobby"}, {"latest", true}}));
    EXPECT_EQ(from_http({{"before", "12"}, {"limit", "5"}}),
              json({{"room", "lobby"}, {"before", 12}, {"limit", 5}}));
    EXPECT_EQ(from_http({{"between", "3,9"}})["between"], json({3, 9}));
    EXPECT_EQ(from_http({{"after_ts", "2026-12-01T10:00:00Z"}, {"search", "a b"}}),
              json({{"room", "lobby"}, {"after_ts", "2026-12-01T10:00:00Z"}, {"search", "a b"}}));
    // Not numbers stay text, for the parser to name.
    EXPECT_EQ(from_http({{"before", "-1"}})["before"], "-1");
    EXPECT_EQ(from_http({{"limit", ""}})["limit"], "");
    EXPECT_NE(refusal(from_http({{"before", "x"}})).find("'before'"), std::string::npos);
    EXPECT_NE(refusal(from_http({{"between", "3"}})).find("'between'"), std::string::npos);
}

} // namespace
} // namespace chatd::history
