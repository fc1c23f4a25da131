#pragma once

#include "channel.hpp"
#include "fake_transport.hpp"
#include "test_plugin.hpp"

#include <deque>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace chatd::test {

// The frame without its "ts", which must be there as a string.
inline nlohmann::json without_ts(nlohmann::json frame) {
    EXPECT_TRUE(frame.contains("ts") && frame["ts"].is_string()) << frame;
    frame.erase("ts");
    return frame;
}

// A real Pipeline on its own thread, fed through transport::Inbound as the I/O thread
// feeds it, sending into a FakeTransport. Hooks run on the pipeline thread after
// the test body may have returned (on_close and on_shutdown run at stop), so a
// hook captures only the fixture (`this`), never the test body's locals.
class PipelineTest : public ::testing::Test {
protected:
    ~PipelineTest() override;

    // Appends a plugin to the pipeline order; set its hooks before start().
    TestPlugin &add_plugin(std::string name);
    // A plugin that, as the rooms plugin does, turns every `message` frame into
    // a room message in the resolve phase: to its "room", else to "lobby".
    TestPlugin &add_message_resolver();
    void start(pipeline::Options options = {});

    // The I/O thread's side. open() also reads the hello frame.
    void open(chatd_conn_id conn);
    void message(chatd_conn_id conn, std::string data, bool binary = false);
    void close(chatd_conn_id conn);

    // The next frame sent to conn that the test has not read yet; a failure
    // and null if none arrives within kDeadline.
    nlohmann::json next(chatd_conn_id conn);
    // Marks every frame sent to conn so far read, after settle().
    std::vector<nlohmann::json> unread(chatd_conn_id conn);
    // Returns once the pipeline thread has run every event queued before it.
    void settle();
    // Runs fn on the pipeline thread, where the pipeline-only host functions work.
    void on_pipeline(const std::function<void()> &fn) { pipeline->run_sync(fn); }
    // Subscribes through the host API, as a rooms plugin would.
    void subscribe(chatd_conn_id conn, std::string_view room);

    // What hooks noted, in the order they ran.
    Channel<std::string> events;
    FakeTransport transport;
    // Not a pipeline member: a plugin handle for calling the host API from a test.
    TestPlugin caller{"caller"};

private:
    std::deque<TestPlugin> plugins_; // a deque, so records never move
    std::map<chatd_conn_id, size_t> read_;

protected:
    // Declared last so it stops before anything its hooks can reach goes away.
    std::unique_ptr<pipeline::Pipeline> pipeline;
};

} // namespace chatd::test
