#include "protocol_helpers.hpp"

#include <regex>
#include <stdexcept>
#include <utility>

namespace chatd::test {

using nlohmann::json;

WsClient::Predicate has_fields(json expected) {
    return [expected = std::move(expected)](const json &frame) {
        for (const auto &[key, value] : expected.items()) {
            if (!frame.contains(key) || frame.at(key) != value) return false;
        }
        return true;
    };
}

WsClient::Predicate either(WsClient::Predicate first, WsClient::Predicate second) {
    return [first = std::move(first), second = std::move(second)](const json &frame) {
        return first(frame) || second(frame);
    };
}

std::string next_id() {
    static int counter = 0;
    // Appending, not "r" + to_string(...): GCC 12 at -O3 warns (-Wrestrict)
    // about the insert-at-front that operator+ inlines to, a false positive.
    std::string id = "r";
    id += std::to_string(++counter);
    return id;
}

json request(WsClient &ws, json frame) {
    const auto id = next_id();
    frame["id"] = id;
    ws.send_json(frame);
    auto reply = ws.wait_for(has_fields({{"id", id}}));
    if (!reply) throw std::runtime_error("no reply to " + frame.dump());
    return *reply;
}

::testing::AssertionResult answers_ping(WsClient &ws) {
    const auto id = next_id();
    try {
        ws.send_json({{"type", "ping"}, {"id", id}});
    } catch (const std::exception &error) {
        return ::testing::AssertionFailure() << "cannot send a ping: " << error.what();
    }
    if (ws.wait_for(has_fields({{"type", "pong"}, {"id", id}}))) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "no pong for ping " << id;
}

std::optional<json> arrives_before_pong(WsClient &ws, const WsClient::Predicate &matches) {
    const auto id = next_id();
    ws.send_json({{"type", "ping"}, {"id", id}});
    const auto pong = has_fields({{"type", "pong"}, {"id", id}});
    auto frame = ws.wait_for(either(matches, pong));
    if (!frame) throw std::runtime_error("no pong for ping " + id);
    if (pong(*frame)) return std::nullopt;
    return frame;
}

bool is_timestamp(const json &value) {
    static const std::regex format{R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)"};
    return value.is_string() && std::regex_match(value.get<std::string>(), format);
}

} // namespace chatd::test
