// HttpResponseQueue: one request's answer between responders (any thread) and
// the I/O thread, with the stream bound and the one-answer rule.
#include "net/http_response_queue.hpp"

#include <gtest/gtest.h>
#include <thread>

namespace chatd::net {
namespace {

using transport::StreamWrite;

std::string drain(HttpResponseQueue &queue) {
    std::string out;
    while (auto chunk = queue.take_chunk())
        out += *chunk;
    return out;
}

TEST(HttpResponseQueue, RespondQueuesHeadAndBody) {
    HttpResponseQueue queue(16);
    EXPECT_FALSE(queue.take_head()) << "nothing answered yet";
    EXPECT_FALSE(queue.drained());
    ASSERT_TRUE(queue.respond(201, {{"content-type", "text/plain"}}, "a body larger than 16"));
    auto head = queue.take_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 201u);
    EXPECT_EQ(head->headers, (transport::HttpHeaders{{"content-type", "text/plain"}}));
    EXPECT_EQ(head->content_length, 21u);
    EXPECT_FALSE(queue.take_head()) << "the head is taken once";
    EXPECT_FALSE(queue.drained());
    EXPECT_EQ(drain(queue), "a body larger than 16") << "a complete body is not bounded";
    EXPECT_TRUE(queue.drained());
    EXPECT_TRUE(queue.finished_by_responder());
}

TEST(HttpResponseQueue, EmptyBodyIsDrainedAtOnce) {
    HttpResponseQueue queue(16);
    ASSERT_TRUE(queue.respond(204, {}, ""));
    EXPECT_EQ(queue.take_head()->content_length, 0u);
    EXPECT_FALSE(queue.take_chunk());
    EXPECT_TRUE(queue.drained());
}

TEST(HttpResponseQueue, AnswersOnlyOnce) {
    HttpResponseQueue queue(16);
    ASSERT_TRUE(queue.respond(200, {}, "one"));
    EXPECT_FALSE(queue.respond(200, {}, "two"));
    EXPECT_FALSE(queue.begin_stream(200, {}));
    EXPECT_EQ(queue.write("x"), StreamWrite::Gone);
    EXPECT_FALSE(queue.end_stream());
    EXPECT_EQ(drain(queue), "one");
}

TEST(HttpResponseQueue, StreamHasNoLengthAndEndsWhenTold) {
    HttpResponseQueue queue(16);
    EXPECT_EQ(queue.write("early"), StreamWrite::Gone) << "no stream before begin_stream";
    EXPECT_FALSE(queue.end_stream());
    ASSERT_TRUE(queue.begin_stream(200, {{"content-type", "text/event-stream"}}));
    EXPECT_FALSE(queue.respond(200, {}, "")) << "a stream is the answer";
    EXPECT_FALSE(queue.take_head()->content_length);
    EXPECT_EQ(queue.write("data: 1\n\n"), StreamWrite::Queued);
    EXPECT_EQ(queue.write(""), StreamWrite::Queued);
    EXPECT_EQ(drain(queue), "data: 1\n\n");
    EXPECT_FALSE(queue.drained()) << "still open";
    EXPECT_FALSE(queue.finished_by_responder());
    EXPECT_EQ(queue.write("data: 2\n\n"), StreamWrite::Queued);
    ASSERT_TRUE(queue.end_stream());
    EXPECT_FALSE(queue.drained()) << "queued bytes go out before the end";
    EXPECT_EQ(drain(queue), "data: 2\n\n");
    EXPECT_TRUE(queue.drained());
    EXPECT_TRUE(queue.finished_by_responder());
    EXPECT_EQ(queue.write("late"), StreamWrite::Gone);
    EXPECT_FALSE(queue.end_stream());
}

TEST(HttpResponseQueue, StreamFillsExactlyToTheLimitThenOverflows) {
    HttpResponseQueue queue(10);
    ASSERT_TRUE(queue.begin_stream(200, {}));
    EXPECT_EQ(queue.write("12345"), StreamWrite::Queued);
    EXPECT_EQ(queue.write("67890"), StreamWrite::Queued);
    EXPECT_EQ(queue.write("1"), StreamWrite::Overflow);
    EXPECT_TRUE(queue.is_cut());
    EXPECT_FALSE(queue.take_chunk()) << "nothing queued is delivered to a client being cut off";
    EXPECT_EQ(queue.write("1"), StreamWrite::Gone);
    EXPECT_FALSE(queue.end_stream());
    EXPECT_FALSE(queue.drained());
    EXPECT_FALSE(queue.finished_by_responder());
}

TEST(HttpResponseQueue, TakenBytesMakeRoomAgain) {
    HttpResponseQueue queue(10);
    ASSERT_TRUE(queue.begin_stream(200, {}));
    EXPECT_EQ(queue.write("1234567890"), StreamWrite::Queued);
    EXPECT_EQ(queue.take_chunk(), "1234567890");
    EXPECT_EQ(queue.write("1234567890"), StreamWrite::Queued);
}

TEST(HttpResponseQueue, OneChunkLargerThanTheLimitOverflows) {
    HttpResponseQueue queue(4);
    ASSERT_TRUE(queue.begin_stream(200, {}));
    EXPECT_EQ(queue.write("too big"), StreamWrite::Overflow);
}

TEST(HttpResponseQueue, CutStopsEverything) {
    HttpResponseQueue queue(16);
    ASSERT_TRUE(queue.begin_stream(200, {}));
    queue.write("abc");
    queue.cut();
    EXPECT_TRUE(queue.is_cut());
    EXPECT_FALSE(queue.take_chunk());
    EXPECT_EQ(queue.write("x"), StreamWrite::Gone);
    EXPECT_FALSE(queue.end_stream());
    EXPECT_FALSE(queue.finished_by_responder());

    HttpResponseQueue unanswered(16);
    unanswered.cut();
    EXPECT_FALSE(unanswered.respond(200, {}, "too late"));
}

TEST(HttpResponseQueue, ServerAnswersInTheResponderPlace) {
    HttpResponseQueue waiting(16);
    waiting.end_for_responder(503, "shutting down\n");
    auto head = waiting.take_head();
    ASSERT_TRUE(head);
    EXPECT_EQ(head->status, 503u);
    EXPECT_EQ(head->content_length, 14u);
    EXPECT_EQ(drain(waiting), "shutting down\n");
    EXPECT_TRUE(waiting.drained());
    EXPECT_FALSE(waiting.finished_by_responder()) << "the responder is owed on_http_gone";
    EXPECT_FALSE(waiting.respond(200, {}, "too late"));

    HttpResponseQueue streaming(16);
    ASSERT_TRUE(streaming.begin_stream(200, {}));
    streaming.write("last");
    streaming.end_for_responder(503, "unused");
    EXPECT_FALSE(streaming.take_head()->content_length) << "a begun stream keeps its head";
    EXPECT_EQ(drain(streaming), "last") << "and ends after what was queued";
    EXPECT_TRUE(streaming.drained());
    EXPECT_EQ(streaming.write("more"), StreamWrite::Gone);
    EXPECT_FALSE(streaming.finished_by_responder());

    HttpResponseQueue answered(16);
    ASSERT_TRUE(answered.respond(200, {}, "mine"));
    answered.end_for_responder(503, "unused");
    EXPECT_EQ(answered.take_head()->status, 200u);
    EXPECT_EQ(drain(answered), "mine");
    EXPECT_TRUE(answered.finished_by_responder());
}

TEST(HttpResponseQueue, WriteAndTakeFromTwoThreads) {
    constexpr int kChunks = 2000;
    HttpResponseQueue queue(size_t(kChunks) * 8);
    ASSERT_TRUE(queue.begin_stream(200, {}));
    std::thread producer([&] {
        for (int i = 0; i < kChunks; ++i)
            queue.write(std::to_string(i) + ",");
        queue.end_stream();
    });
    std::string got;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!queue.drained() && std::chrono::steady_clock::now() < deadline) {
        if (auto chunk = queue.take_chunk())
            got += *chunk;
        else
            std::this_thread::yield();
    }
    producer.join();
    std::string expected;
    for (int i = 0; i < kChunks; ++i)
        expected += std::to_string(i) + ",";
    EXPECT_EQ(got, expected);
}

} // namespace
} // namespace chatd::net
