#pragma once

// What the history scenarios share: a chatd whose history database lives
// in the test's directory, and ways to look into it and talk to it.
#include "integration_fixture.hpp"
#include "protocol_helpers.hpp"
#include "store/sqlite_history_reader.hpp"
#include "support/http_client.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace chatd::test {

class HistoryTest : public IntegrationTest {
protected:
    // The database lives in the test's directory, not the server's, so that
    // it outlives a server the test stops. `options`: more lines of
    // [plugins.history].
    ChatdConfig config(const std::string &options = "") const {
        return {.tables = "[plugins.history]\ndatabase = '" + database.string() + "'\n" + options};
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
    // Sends a message (to the default room unless told) and returns its ack
    // (or error).
    static nlohmann::json say(WsClient &ws, const std::string &text,
                              const std::string &room = "lobby") {
        return request(ws, {{"type", "message"}, {"room", room}, {"text", text}});
    }

    TempDir data;
    std::filesystem::path database = data.path() / "history.db";
};

} // namespace chatd::test
