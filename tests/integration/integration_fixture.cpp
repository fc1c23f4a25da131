#include "integration_fixture.hpp"

#include "protocol_helpers.hpp"

#include <iostream>
#include <sstream>
#include <stdexcept>

namespace chatd::test {

void IntegrationTest::TearDown() {
    if (!HasFailure()) return;
    for (const auto &client : clients_)
        std::cerr << client.transcript();
    if (server_)
        std::cerr << "--- chatd log ---\n" << server_->log_text() << "--- end of log ---\n";
}

ChatdProcess &IntegrationTest::start(const ChatdConfig &config) { return server_.emplace(config); }

ChatdProcess &IntegrationTest::server() {
    if (!server_) throw std::logic_error("the test has not started chatd");
    return *server_;
}

WsClient &IntegrationTest::new_client() {
    return clients_.emplace_back("client " + std::to_string(clients_.size() + 1));
}

Guest &IntegrationTest::connect_guest(ConnectOptions options) {
    auto &ws = new_client();
    options.port = server().port();
    if (const auto result = ws.connect(options); !result) {
        throw std::runtime_error("cannot connect: " + result.error);
    }
    const auto hello = ws.recv_json();
    if (!hello || hello->value("type", "") != "hello") {
        throw std::runtime_error("the first frame is not a hello");
    }
    if (!ws.wait_for(has_fields({{"type", "joined"}}))) {
        throw std::runtime_error("no auto-join to the default room");
    }
    return guests_.emplace_back(Guest{ws, *hello, hello->value("user", "")});
}

std::vector<std::string> lines_with(const std::string &text, const std::string &needle) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.find(needle) != std::string::npos) out.push_back(line);
    return out;
}

std::unique_ptr<TempDir> plugin_dir(std::initializer_list<std::filesystem::path> plugins) {
    auto dir = std::make_unique<TempDir>();
    for (const auto &plugin : plugins)
        std::filesystem::copy_file(plugin, dir->path() / plugin.filename());
    return dir;
}

} // namespace chatd::test
