#pragma once

// The fixture every scenario starts from: one chatd per test, clients that
// belong to the test, and on failure the server's log and every client's
// transcript printed after the test.

#include "support/chatd_process.hpp"
#include "support/ws_client.hpp"

#include <deque>
#include <filesystem>
#include <gtest/gtest.h>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace chatd::test {

// A connection that has been greeted and auto-joined to the default room.
struct Guest {
    WsClient &ws;
    nlohmann::json hello;
    std::string user;
};

class IntegrationTest : public ::testing::Test {
protected:
    void TearDown() override;

    ChatdProcess &start(const ChatdConfig &config = {});
    ChatdProcess &server();

    // A client that is not connected yet.
    WsClient &new_client();
    // Connects to the server (options.port is filled in), reads the hello
    // and waits for the default room's `joined`; throws if any step fails.
    Guest &connect_guest(ConnectOptions options = {});

private:
    // Declared first so that it is destroyed last, after its clients.
    std::optional<ChatdProcess> server_;
    std::deque<WsClient> clients_;
    std::deque<Guest> guests_;
};

// The lines of `text` that contain `needle`.
std::vector<std::string> lines_with(const std::string &text, const std::string &needle);

// A new temporary plugins directory holding copies of the given .so files.
std::unique_ptr<TempDir> plugin_dir(std::initializer_list<std::filesystem::path> plugins);

// Names a parameterized test after its parameter's `name` field.
struct ParamName {
    template <typename Param>
    std::string operator()(const ::testing::TestParamInfo<Param> &param) const {
        return param.param.name;
    }
};

} // namespace chatd::test
