// The rooms plugin in the test host, and the helpers its tests share.
#pragma once

#include <chatd/test_host.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <regex>
#include <string_view>
#include <thread>
#include <vector>

namespace chatd::rooms::testing {

using chatd::test::TestHost;
using nlohmann::json;
using namespace nlohmann::literals;
using Frames = std::vector<json>;

// The one frame of `frames`, which `conn` received; fails otherwise.
inline json single(const Frames &frames, chatd_conn_id conn) {
    EXPECT_EQ(frames.size(), 1u) << "frames at conn " << conn << ": " << json(frames).dump();
    return frames.empty() ? json() : frames.front();
}

// The one frame that arrived at `conn` since the last look; fails otherwise.
inline json single(TestHost &host, chatd_conn_id conn) { return single(host.take(conn), conn); }

inline void expect_nothing(TestHost &host, chatd_conn_id conn) {
    EXPECT_EQ(host.take(conn), Frames{}) << "at conn " << conn;
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

// A room message as the host delivers it, less its "ts".
inline json message(std::string_view room, uint64_t seq, std::string_view from,
                    std::string_view text) {
    return {{"type", "message"}, {"room", room}, {"seq", seq}, {"from", from}, {"text", text}};
}

// A delivered message without its "ts", which must be an RFC 3339 UTC time in milliseconds.
inline json without_ts(json frame) {
    static const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
    const bool timed = frame.contains("ts") && frame["ts"].is_string() &&
                       std::regex_match(frame["ts"].get<std::string>(), rfc3339);
    EXPECT_TRUE(timed) << frame.dump();
    frame.erase("ts");
    return frame;
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

    // The one frame a new connection got after the host's hello.
    json after_hello(chatd_conn_id conn) {
        Frames frames = host.take(conn);
        if (frames.empty() || frames.front()["type"] != "hello") {
            ADD_FAILURE() << "no hello first at conn " << conn << ": " << json(frames).dump();
            return json();
        }
        frames.erase(frames.begin());
        return single(frames, conn);
    }

    // Runs a frame and returns what the sender got for it: at least one
    // frame, waited for, since a topic change is answered only once it is on
    // disk, from the store's thread.
    Frames answers(chatd_conn_id conn, std::string_view frame) {
        Frames frames = host.run_frame(conn, frame);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (frames.empty() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            host.settle();
            frames = host.take(conn);
        }
        // What the same pipeline job sent the others is all there too.
        host.settle();
        return frames;
    }

    // Runs a frame and returns the single answer the sender got.
    json ask(chatd_conn_id conn, std::string_view frame) {
        return single(answers(conn, frame), conn);
    }

    // Runs a frame that must be rejected with `code`, answered with id 1.
    void expect_rejected(chatd_conn_id conn, std::string_view frame, std::string_view code) {
        SCOPED_TRACE(frame);
        expect_error(ask(conn, frame), code);
    }

    // Sends a message (or plain text) the host must deliver, and returns the
    // message as the sender got it back, less its "ts"; the ack after it must
    // name the same room, seq and ts.
    json say(chatd_conn_id conn, std::string_view frame) {
        SCOPED_TRACE(frame);
        const Frames frames = host.run_frame(conn, frame);
        if (frames.size() != 2u) {
            ADD_FAILURE() << "want a message and an ack, got " << json(frames).dump();
            return json();
        }
        const json &ack = frames[1];
        EXPECT_EQ(ack["type"], "ack");
        EXPECT_EQ(ack["room"], frames[0]["room"]);
        EXPECT_EQ(ack["seq"], frames[0]["seq"]);
        EXPECT_EQ(ack["ts"], frames[0]["ts"]);
        return without_ts(frames[0]);
    }

    TestHost host;
};

// Most tests need nothing but the defaults.
class DefaultRoomsTest : public RoomsTest {
protected:
    void SetUp() override { load(); }
};

} // namespace chatd::rooms::testing
