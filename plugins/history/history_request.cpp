#include "history_request.hpp"

#include "core/timestamp.hpp"
#include "room_names.hpp"
#include "whole_number.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

namespace chatd::history {

namespace {

constexpr std::array<const char *, 7> kAnchors = {"latest",  "before",    "after",   "around",
                                                  "between", "before_ts", "after_ts"};

// A seq as JSON gives it: a non-negative integer that fits.
uint64_t seq_of(const nlohmann::json &value, const char *key) {
    if (value.is_number_unsigned()) return value.get<uint64_t>();
    if (value.is_number_integer() && value.get<int64_t>() >= 0) return value.get<uint64_t>();
    throw BadRequest(std::string("'") + key + "' must be a seq: a whole number, 0 or more");
}

int64_t time_of(const nlohmann::json &value, const char *key) {
    if (value.is_string())
        if (auto ms = parse_rfc3339_ms(value.get_ref<const std::string &>())) return *ms;
    throw BadRequest(std::string("'") + key +
                     "' must be an RFC 3339 time, such as \"2026-12-01T10:00:00Z\"");
}

const std::string &string_of(const nlohmann::json &value, const char *key) {
    if (!value.is_string() || value.get_ref<const std::string &>().empty())
        throw BadRequest(std::string("'") + key + "' must be a non-empty string");
    return value.get_ref<const std::string &>();
}

// The request's field `key`, which it must have.
const nlohmann::json &field(const nlohmann::json &request, const char *key) {
    const auto it = request.find(key);
    if (it == request.end()) throw BadRequest(std::string("'") + key + "' is missing");
    return *it;
}

// Sets the anchor named `key` from its value.
void anchor(Query &query, std::string_view key, const nlohmann::json &value) {
    if (key == "latest") {
        if (value != true) throw BadRequest("'latest' must be true");
        query.anchor = Anchor::Latest;
    } else if (key == "before") {
        query.anchor = Anchor::Before;
        query.seq = seq_of(value, "before");
    } else if (key == "after") {
        query.anchor = Anchor::After;
        query.seq = seq_of(value, "after");
    } else if (key == "around") {
        query.anchor = Anchor::Around;
        query.seq = seq_of(value, "around");
    } else if (key == "between") {
        if (!value.is_array() || value.size() != 2)
            throw BadRequest("'between' must be [first seq, last seq]");
        query.anchor = Anchor::Between;
        query.seq = seq_of(value[0], "between");
        query.seq_last = seq_of(value[1], "between");
        if (query.seq > query.seq_last) throw BadRequest("'between' must name the lower seq first");
    } else if (key == "before_ts") {
        query.anchor = Anchor::BeforeTime;
        query.ts_ms = time_of(value, "before_ts");
    } else {
        query.anchor = Anchor::AfterTime;
        query.ts_ms = time_of(value, "after_ts");
    }
}

// A whole number as JSON, or the text as it came.
nlohmann::json number_or_text(std::string_view text) {
    if (const std::optional<uint64_t> value = plugins::whole_number(text)) return *value;
    return std::string(text);
}

} // namespace

nlohmann::json
http_history_request(const std::string &room,
                     const std::function<std::optional<std::string_view>(const char *)> &lookup) {
    nlohmann::json request = {{"room", room}};
    for (const char *key : {"before", "after", "around", "limit"})
        if (auto value = lookup(key)) request[key] = number_or_text(*value);
    for (const char *key : {"before_ts", "after_ts", "from", "search"})
        if (auto value = lookup(key)) request[key] = std::string(*value);
    if (auto value = lookup("between")) {
        const size_t comma = value->find(',');
        request["between"] =
            comma == std::string_view::npos
                ? nlohmann::json(std::string(*value))
                : nlohmann::json::array({number_or_text(value->substr(0, comma)),
                                         number_or_text(value->substr(comma + 1))});
    }
    if (auto value = lookup("latest")) request["latest"] = *value == "true" || value->empty();
    if (std::none_of(kAnchors.begin(), kAnchors.end(),
                     [&](const char *key) { return request.contains(key); }))
        request["latest"] = true;
    return request;
}

size_t parse_limit(const nlohmann::json &request, const QueryLimits &limits) {
    const auto it = request.find("limit");
    if (it == request.end()) return limits.default_limit;
    const uint64_t max = limits.max_limit;
    if (!it->is_number_integer() || *it < 1 || *it > max)
        throw BadRequest("'limit' must be a whole number from 1 to " + std::to_string(max));
    return it->get<size_t>();
}

ResumeRequest parse_resume_request(const nlohmann::json &join) {
    ResumeRequest resume;
    if (auto it = join.find("since"); it != join.end()) resume.since = seq_of(*it, "since");
    if (auto it = join.find("epoch"); it != join.end()) {
        if (!resume.since) throw BadRequest("'epoch' goes with 'since', the seq it numbers");
        resume.epoch = string_of(*it, "epoch");
    }
    return resume;
}

DeleteRequest parse_delete_request(const nlohmann::json &request) {
    DeleteRequest deletion;
    deletion.room = string_of(field(request, "room"), "room");
    if (!plugins::is_valid_room_name(deletion.room))
        throw BadRequest("'room' is not a room name: " + plugins::room_name_rule());
    // Seqs start at 1: no message has seq 0.
    deletion.seq = seq_of(field(request, "seq"), "seq");
    if (deletion.seq == 0) throw BadRequest("'seq' must be a message's seq, 1 or more");
    if (auto it = request.find("reason"); it != request.end()) {
        if (!it->is_string()) throw BadRequest("'reason' must be a string");
        deletion.reason = it->get<std::string>();
    }
    return deletion;
}

Query parse_history_request(const nlohmann::json &request, const QueryLimits &limits) {
    Query query;
    query.room = string_of(field(request, "room"), "room");
    int anchors = 0;
    for (const char *key : kAnchors)
        if (auto it = request.find(key); it != request.end()) {
            ++anchors;
            anchor(query, key, *it);
        }
    if (anchors != 1)
        throw BadRequest("give exactly one of latest, before, after, around, between, before_ts "
                         "and after_ts");
    query.limit = parse_limit(request, limits);
    if (auto it = request.find("from"); it != request.end()) query.from = string_of(*it, "from");
    if (auto it = request.find("search"); it != request.end())
        query.search = string_of(*it, "search");
    return query;
}

} // namespace chatd::history
