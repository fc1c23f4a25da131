#pragma once

// Small pieces of the wire protocol that every scenario speaks.

#include "support/ws_client.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace chatd::test {

// Matches a frame that has every field of `expected` with an equal value.
WsClient::Predicate has_fields(nlohmann::json expected);
WsClient::Predicate either(WsClient::Predicate first, WsClient::Predicate second);

// A request id no other request in this test binary uses.
std::string next_id();

// Sends `frame` with a fresh id and returns the first frame that echoes the
// id; throws std::runtime_error if none comes in time.
nlohmann::json request(WsClient &ws, nlohmann::json frame);

// The connection is open and the server still answers it.
::testing::AssertionResult answers_ping(WsClient &ws);

// Sends a ping and returns the first frame matching `matches` that arrives
// before its pong, or nullopt if the pong comes first. A connection's frames
// are delivered in order, so nullopt proves the server sent no such frame
// before it handled the ping.
std::optional<nlohmann::json> arrives_before_pong(WsClient &ws, const WsClient::Predicate &matches);

// A `ts` field: UTC with milliseconds, as in 2026-11-26T14:00:00.123Z.
bool is_timestamp(const nlohmann::json &value);

} // namespace chatd::test
