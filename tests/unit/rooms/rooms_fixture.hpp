// A fake host running the rooms plugin, and the helpers its tests share.
#pragma once

#include <fake_host.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string_view>

namespace chatd::rooms::testing {

using nlohmann::json;
using namespace nlohmann::literals;

// The one frame that arrived at `conn` since the last look; fails otherwise.
inline json single(chatd::fake::FakeHost &host, chatd_conn_id conn) {
    const auto frames = host.take(conn);
    EXPECT_EQ(frames.size(), 1u) << "frames at conn " << conn << ": " << json(frames).dump();
    return frames.empty() ? json() : frames.front();
}

inline void expect_nothing(chatd::fake::FakeHost &host, chatd_conn_id conn) {
    EXPECT_EQ(host.take(conn), std::vector<json>{}) << "at conn " << conn;
}

inline json error(std::string_view code, json id = 1) {
    return {{"type", "error"}, {"id", std::move(id)}, {"code", code}};
}

// Compares an error frame by type, id and code; the message is for humans.
inline void expect_error(const json &frame, std::string_view code, json id = 1) {
    json without_message = frame;
    without_message.erase("message");
    EXPECT_EQ(without_message, error(code, std::move(id)));
    EXPECT_TRUE(frame.contains("message") && frame["message"].is_string()) << frame.dump();
}

class RoomsTest : public ::testing::Test {
protected:
    // Loads with whatever config the test set first.
    void load() { ASSERT_EQ(host.load(CHATD_ROOMS_PLUGIN), ""); }

    // A connection that has settled in the default room, with every outbox
    // emptied so the test sees only what it causes.
    chatd_conn_id arrive() {
        const chatd_conn_id conn = host.connect();
        host.clear_outboxes();
        return conn;
    }

    // Runs a frame and returns the single answer the sender got.
    json ask(chatd_conn_id conn, std::string_view frame) {
        host.run_frame(conn, frame);
        return single(host, conn);
    }

    // Runs a frame that must be rejected with `code`, answered with id 1.
    void expect_rejected(chatd_conn_id conn, std::string_view frame, std::string_view code) {
        EXPECT_EQ(host.run_frame(conn, frame), CHATD_STAGE_REJECT) << frame;
        expect_error(single(host, conn), code);
    }

    chatd::fake::FakeHost host;
};

// Most tests need nothing but the defaults.
class DefaultRoomsTest : public RoomsTest {
protected:
    void SetUp() override { load(); }
};

} // namespace chatd::rooms::testing
