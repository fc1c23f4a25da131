#include "proc_stats.hpp"
#include "protocol.hpp"

#include <gtest/gtest.h>

namespace chatd::bench {
namespace {

TEST(ChatBenchProtocol, TextStampRoundTrips) {
    const auto text = make_text(7, 42, 123456789012345, 64);
    EXPECT_EQ(text.size(), 64u);
    const auto stamp = parse_text(text);
    ASSERT_TRUE(stamp);
    EXPECT_EQ(stamp->sender, 7u);
    EXPECT_EQ(stamp->seq, 42u);
    EXPECT_EQ(stamp->sent_ns, 123456789012345);
    EXPECT_FALSE(parse_text("hello world"));
    EXPECT_FALSE(parse_text("1 2"));
}

TEST(ChatBenchProtocol, ChatdFramesAreClassifiedWithoutAParser) {
    const auto message =
        classify(Protocol::chatd,
                 R"({"type":"message","room":"r","seq":3,"from":"guest-1","text":"1 2 3 x",)"
                 R"("ts":"2026-12-02T10:00:00.000Z"})");
    EXPECT_EQ(message.kind, FrameKind::message);
    EXPECT_EQ(message.text, "1 2 3 x");

    const auto hello = classify(Protocol::chatd, R"({"type":"hello","user":"guest-7","conn":7,)"
                                                 R"("protocol":1,"ready":true})");
    EXPECT_EQ(hello.kind, FrameKind::ready);
    EXPECT_EQ(classify(Protocol::chatd, R"({"type":"hello","ready":false})").kind,
              FrameKind::other);

    const auto joined =
        classify(Protocol::chatd, R"({"type":"joined","id":5,"room":"bench-0","members":[]})");
    EXPECT_EQ(joined.kind, FrameKind::joined);
    EXPECT_EQ(joined.room, "bench-0");
    EXPECT_EQ(joined.id, 5u);

    const auto ack = classify(Protocol::chatd, R"({"type":"ack","id":12,"room":"r","seq":9})");
    EXPECT_EQ(ack.kind, FrameKind::ack);
    EXPECT_EQ(ack.id, 12u);

    const auto error = classify(Protocol::chatd, R"({"type":"error","code":"forbidden"})");
    EXPECT_EQ(error.kind, FrameKind::error);
    EXPECT_FALSE(error.id);
    EXPECT_EQ(classify(Protocol::chatd, R"({"type":"presence","room":"r"})").kind,
              FrameKind::other);
}

TEST(ChatBenchProtocol, RawFramesAreAllMessages) {
    const auto in = classify(Protocol::raw, R"({"type":"hello"})");
    EXPECT_EQ(in.kind, FrameKind::message);
    EXPECT_EQ(in.text, R"({"type":"hello"})");
}

TEST(ChatBenchProtocol, OutgoingFrames) {
    EXPECT_EQ(join_frame("r1"), R"({"type":"join","room":"r1"})");
    EXPECT_EQ(message_frame(Protocol::chatd, "r", "t", std::nullopt),
              R"({"type":"message","room":"r","text":"t"})");
    EXPECT_EQ(message_frame(Protocol::chatd, "r", "t", 4),
              R"({"type":"message","room":"r","text":"t","id":4})");
    EXPECT_EQ(message_frame(Protocol::raw, "r", "t", 4), "t");
    EXPECT_EQ(history_latest_frame("big", 50, 9),
              R"({"type":"history","room":"big","latest":true,"limit":50,"id":9})");
}

TEST(ChatBenchProcStats, CpuTimeSkipsACommandNameWithSpacesAndParens) {
    const std::string stat = "1234 (chat (d) x) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 "
                             "20 0 3 0 100 1000000 500";
    const auto cpu = cpu_seconds_from_stat(stat, 100);
    ASSERT_TRUE(cpu);
    EXPECT_DOUBLE_EQ(*cpu, 3.0);
    EXPECT_FALSE(cpu_seconds_from_stat("1234 (x) S 1", 100));
}

} // namespace
} // namespace chatd::bench
