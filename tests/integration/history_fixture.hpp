#pragma once

// What every history scenario starts from: a server whose database lives in
// the test's own directory, a reader of that file, and the usual requests.

#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"
#include "store/sqlite_history_reader.hpp"
#include "support/http_client.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace chatd::test {

class HistoryTest : public IntegrationTest {
protected:
    // The database lives in the test's directory, not the server's, so that
    // it outlives a server the test stops.
    ChatdConfig config() const {
        return {.tables = "[plugins.history]\ndatabase = '" + database.string() + "'\n"};
    }
    // What a fresh reader finds in the file, by seq.
    std::map<uint64_t, history::StoredMessage> stored(const std::string &room) const {
        history::SqliteHistoryReader reader(database);
        history::Page page = reader.query(
            {.room = room, .anchor = history::Anchor::After, .seq = 0, .limit = 100000});
        std::map<uint64_t, history::StoredMessage> by_seq;
        for (auto &m : page.messages)
            by_seq.emplace(m.seq, std::move(m));
        return by_seq;
    }
    // One GET on its own connection.
    HttpResponse get(const std::string &target) {
        HttpClient client;
        EXPECT_TRUE(client.connect(server().port()));
        EXPECT_TRUE(client.send(http_request("GET", target)));
        auto response = client.read_response();
        EXPECT_TRUE(response) << target;
        return response.value_or(HttpResponse{});
    }
    // Sends a message to the default room and returns its ack (or error).
    static nlohmann::json say(WsClient &ws, const std::string &text) {
        return request(ws, {{"type", "message"}, {"room", "lobby"}, {"text", text}});
    }

    TempDir data;
    std::filesystem::path database = data.path() / "history.db";
};

} // namespace chatd::test
