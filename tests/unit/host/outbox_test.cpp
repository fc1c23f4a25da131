// Outbox: the bounded per-connection send queue between the pipeline thread
// (push, close) and the I/O thread (take, due_close).
#include "net/outbox.hpp"

#include <gtest/gtest.h>
#include <thread>

namespace chatd::net {
namespace {

using transport::make_payload;
using transport::PayloadPtr;
using transport::Traffic;

constexpr Traffic kRoom = Traffic::Unsolicited;

// The oldest frame alone, as a write of a tiny bound takes it.
PayloadPtr pop(Outbox &box) {
    std::vector<PayloadPtr> one;
    return box.take(one, 0) == 1 ? one[0] : nullptr;
}

std::vector<std::string> drain(Outbox &box) {
    std::vector<std::string> out;
    while (PayloadPtr p = pop(box))
        out.emplace_back(p->text());
    return out;
}

TEST(Outbox, QueuesInOrderAndCountsBytes) {
    Outbox box(100);
    EXPECT_TRUE(box.empty());
    EXPECT_EQ(box.push(make_payload("one"), kRoom), Outbox::Push::Queued);
    EXPECT_EQ(box.push(make_payload("three"), kRoom), Outbox::Push::Queued);
    EXPECT_EQ(box.queued_bytes(), 8u);
    EXPECT_FALSE(box.empty());
    EXPECT_EQ(drain(box), (std::vector<std::string>{"one", "three"}));
    EXPECT_EQ(box.queued_bytes(), 0u);
    EXPECT_TRUE(box.empty());
    EXPECT_FALSE(box.due_close());
}

TEST(Outbox, FillsExactlyToTheLimit) {
    Outbox box(10);
    EXPECT_EQ(box.push(make_payload("12345"), kRoom), Outbox::Push::Queued);
    EXPECT_EQ(box.push(make_payload("67890"), kRoom), Outbox::Push::Queued);
    EXPECT_EQ(box.queued_bytes(), 10u);
}

TEST(Outbox, OverflowDropsTheQueueAndClosesWith1008) {
    Outbox box(10);
    box.push(make_payload("12345"), kRoom);
    EXPECT_EQ(box.push(make_payload("678901"), kRoom), Outbox::Push::Overflow);
    EXPECT_TRUE(box.empty());
    EXPECT_EQ(box.queued_bytes(), 0u);
    EXPECT_EQ(pop(box), nullptr);
    auto close = box.due_close();
    ASSERT_TRUE(close);
    EXPECT_EQ(close->code, 1008);
    EXPECT_NE(close->reason.find("too slow"), std::string::npos) << close->reason;

    EXPECT_EQ(box.push(make_payload("x"), kRoom), Outbox::Push::Closing);
    box.close(1000, "later close");
    EXPECT_EQ(box.due_close()->code, 1008) << "the first close stands";
}

TEST(Outbox, OnePayloadLargerThanTheLimitOverflows) {
    Outbox box(4);
    EXPECT_EQ(box.push(make_payload("too big"), kRoom), Outbox::Push::Overflow);
    EXPECT_EQ(box.due_close()->code, 1008);
}

TEST(Outbox, CloseWaitsForQueuedFrames) {
    Outbox box(100);
    box.push(make_payload("a"), kRoom);
    box.push(make_payload("b"), kRoom);
    box.close(1000, "bye");
    EXPECT_FALSE(box.due_close()) << "frames queued before the close go first";
    EXPECT_EQ(box.push(make_payload("c"), kRoom), Outbox::Push::Closing);

    EXPECT_EQ(pop(box)->text(), "a");
    EXPECT_FALSE(box.due_close());
    EXPECT_EQ(pop(box)->text(), "b");
    auto close = box.due_close();
    ASSERT_TRUE(close);
    EXPECT_EQ(close->code, 1000);
    EXPECT_EQ(close->reason, "bye");
    EXPECT_EQ(pop(box), nullptr) << "nothing pushed after the close was queued";

    box.close(4000, "again");
    EXPECT_EQ(box.due_close()->code, 1000);
}

TEST(Outbox, CloseNowJumpsTheQueue) {
    Outbox box(100);
    box.push(make_payload("a"), kRoom);
    box.push(make_payload("b"), kRoom);
    box.close_now(1001, "going away");
    auto close = box.due_close();
    ASSERT_TRUE(close) << "the close goes before what was queued";
    EXPECT_EQ(close->code, 1001);
    EXPECT_EQ(pop(box), nullptr);
    EXPECT_EQ(box.queued_bytes(), 0u);
    EXPECT_EQ(box.push(make_payload("c"), kRoom), Outbox::Push::Closing);
}

TEST(Outbox, CloseNowKeepsAnEarlierCloseButNotItsQueue) {
    Outbox box(100);
    box.push(make_payload("a"), kRoom);
    box.close(4000, "plugin");
    box.close_now(1001, "going away");
    EXPECT_EQ(pop(box), nullptr);
    ASSERT_TRUE(box.due_close());
    EXPECT_EQ(box.due_close()->code, 4000);
}

TEST(Outbox, OnePayloadIsSharedByEveryQueue) {
    Outbox a(100), b(100);
    PayloadPtr p = make_payload("room message");
    a.push(p, kRoom);
    b.push(p, kRoom);
    EXPECT_EQ(pop(a), p);
    EXPECT_EQ(pop(b), p);
}

TEST(Outbox, CountsRepliesApartFromRoomTraffic) {
    Outbox box(100);
    box.push(make_payload("pong"), Traffic::Reply);
    box.push(make_payload("room"), kRoom);
    box.push(make_payload("error!"), Traffic::Reply);
    EXPECT_EQ(box.queued_bytes(), 14u);
    EXPECT_EQ(box.reply_bytes(), 10u);
    EXPECT_EQ(pop(box)->text(), "pong");
    EXPECT_EQ(box.reply_bytes(), 6u);
    EXPECT_EQ(pop(box)->text(), "room");
    EXPECT_EQ(box.reply_bytes(), 6u) << "room traffic leaving does not count";
    EXPECT_EQ(pop(box)->text(), "error!");
    EXPECT_EQ(box.reply_bytes(), 0u);
    EXPECT_EQ(box.queued_bytes(), 0u);
}

// The reply count is a share of the one bound, not a second queue beside it.
TEST(Outbox, RepliesCountTowardTheLimitToo) {
    Outbox box(10);
    box.push(make_payload("12345"), kRoom);
    EXPECT_EQ(box.push(make_payload("678901"), Traffic::Reply), Outbox::Push::Overflow);
    EXPECT_EQ(box.reply_bytes(), 0u);
    EXPECT_EQ(box.push(make_payload("x"), Traffic::Reply), Outbox::Push::Closing);
    EXPECT_EQ(box.reply_bytes(), 0u) << "nothing is counted once closing";
}

TEST(Outbox, DroppedRepliesAreNoLongerCounted) {
    Outbox box(100);
    box.push(make_payload("pong"), Traffic::Reply);
    box.close_now(1001, "going away");
    EXPECT_EQ(box.reply_bytes(), 0u);
}

TEST(Outbox, PushAndPopFromTwoThreads) {
    constexpr int kFrames = 2000;
    Outbox box(size_t(kFrames) * 8);
    std::thread producer([&] {
        for (int i = 0; i < kFrames; ++i)
            box.push(make_payload(std::to_string(i)), i % 2 ? Traffic::Reply : kRoom);
        box.close(1000, "done");
    });
    std::vector<std::string> got;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!box.due_close() && std::chrono::steady_clock::now() < deadline) {
        if (PayloadPtr p = pop(box))
            got.emplace_back(p->text());
        else
            std::this_thread::yield();
    }
    producer.join();
    ASSERT_EQ(got.size(), size_t(kFrames));
    for (int i = 0; i < kFrames; ++i)
        EXPECT_EQ(got[size_t(i)], std::to_string(i));
    EXPECT_EQ(box.reply_bytes(), 0u);
}

std::vector<std::string> texts(const std::vector<PayloadPtr> &frames) {
    std::vector<std::string> out;
    for (const PayloadPtr &p : frames)
        out.emplace_back(p->text());
    return out;
}

TEST(Outbox, TakeMovesTheOldestFramesWhoseWireBytesFitTheBound) {
    Outbox box(1000);
    for (const char *text : {"aaaa", "bbbb", "cccc"}) // 6 bytes each on the wire
        box.push(make_payload(text), kRoom);
    std::vector<PayloadPtr> batch;
    EXPECT_EQ(box.take(batch, 12), 2u);
    EXPECT_EQ(texts(batch), (std::vector<std::string>{"aaaa", "bbbb"}));
    EXPECT_EQ(box.queued_bytes(), 4u);
    EXPECT_EQ(box.take(batch, 12), 1u) << "appends to what the caller has";
    EXPECT_EQ(batch.size(), 3u);
    EXPECT_EQ(box.take(batch, 12), 0u);
    EXPECT_TRUE(box.empty());
}

TEST(Outbox, TakeMovesAFrameLargerThanTheBoundAlone) {
    Outbox box(100'000);
    box.push(make_payload(std::string(70'000, 'x')), kRoom);
    box.push(make_payload("after"), Traffic::Reply);
    std::vector<PayloadPtr> batch;
    EXPECT_EQ(box.take(batch, 1024), 1u);
    EXPECT_EQ(batch[0]->size(), 70'000u);
    EXPECT_EQ(box.reply_bytes(), 5u);
    batch.clear();
    EXPECT_EQ(box.take(batch, 1024), 1u);
    EXPECT_EQ(box.reply_bytes(), 0u);
}

} // namespace
} // namespace chatd::net
