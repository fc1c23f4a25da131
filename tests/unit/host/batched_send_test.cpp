// The batched send path (net/frame_writer.hpp): everything queued for a
// socket leaves in one write of whole frames, and what the kernel does not
// take stays with libwebsockets until the socket drains. A client that reads
// nothing while frames of every header size pile up still gets each one
// whole, once and in order; so does one that compresses (permessage-deflate),
// written a message at a time by libwebsockets.
#include "http_server_fixture.hpp"
#include "support/ws_client.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace chatd::test {
namespace {

using transport::SendResult;

class BatchedSendTest : public HttpServerTest, public ::testing::WithParamInterface<bool> {};

TEST_P(BatchedSendTest, FramesOfEveryHeaderSizeArriveWholeAndInOrderThroughPartialWrites) {
    config.send_queue_bytes = 64 << 20;
    config.permessage_deflate = GetParam();
    start();
    WsClient client("reader");
    // A small window: the server's writes back up after a few kilobytes.
    const ConnectResult connected = client.connect({.port = port,
                                                    .path = config.path,
                                                    .receive_buffer_bytes = 4096,
                                                    .permessage_deflate = GetParam()});
    ASSERT_TRUE(connected) << connected.error;
    EXPECT_EQ(connected.extensions.empty(), !GetParam());
    const auto id = ws.opened.pop();
    ASSERT_TRUE(id);

    // Two-, four- and ten-byte headers, each on both sides of its bound.
    const std::vector<size_t> sizes = {0, 1, 100, 125, 126, 127, 1000, 65535, 65536, 70000};
    std::vector<std::string> sent;
    for (int round = 0; round < 10; ++round)
        for (const size_t size : sizes) {
            const std::string prefix = std::to_string(sent.size()) + ":";
            sent.push_back(prefix + pattern(size));
            ASSERT_EQ(server->send(*id, transport::make_payload(sent.back()),
                                   transport::Traffic::Unsolicited),
                      SendResult::Queued);
        }
    for (size_t i = 0; i < sent.size(); ++i) {
        const auto got = client.recv();
        ASSERT_TRUE(got) << "frame " << i << " of " << sent.size() << "\n" << client.transcript();
        ASSERT_EQ(got->size(), sent[i].size()) << "frame " << i;
        EXPECT_EQ(*got, sent[i]) << "frame " << i;
    }
}

INSTANTIATE_TEST_SUITE_P(Plain, BatchedSendTest, ::testing::Values(false));
INSTANTIATE_TEST_SUITE_P(Deflated, BatchedSendTest, ::testing::Values(true));

} // namespace
} // namespace chatd::test
