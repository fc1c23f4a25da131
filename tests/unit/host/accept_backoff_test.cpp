#include "net/accept_backoff.hpp"
#include "net/listen_socket.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace chatd::net {
namespace {

using std::chrono::milliseconds;

TEST(AcceptBackoff, PausesGrowToASecondAndStartShortAgainAfterAClient) {
    AcceptBackoff backoff;
    EXPECT_EQ(backoff.failed(), milliseconds(100));
    EXPECT_EQ(backoff.failed(), milliseconds(200));
    EXPECT_EQ(backoff.failed(), milliseconds(400));
    EXPECT_EQ(backoff.failed(), milliseconds(800));
    EXPECT_EQ(backoff.failed(), milliseconds(1000));
    EXPECT_EQ(backoff.failed(), milliseconds(1000));
    EXPECT_EQ(backoff.failures(), 6u);
    EXPECT_EQ(backoff.accepted(), 6u);
    EXPECT_EQ(backoff.accepted(), 0u);
    EXPECT_EQ(backoff.failed(), milliseconds(100));
}

TEST(AcceptBackoff, OnlyAShortageOfDescriptorsOrMemoryPausesAccepting) {
    EXPECT_EQ(classify_accept_failure(EAGAIN), AcceptFailure::NoneWaiting);
    EXPECT_EQ(classify_accept_failure(ECONNABORTED), AcceptFailure::NextClient);
    EXPECT_EQ(classify_accept_failure(EINTR), AcceptFailure::NextClient);
    for (int error : {EMFILE, ENFILE, ENOBUFS, ENOMEM, EBADF})
        EXPECT_EQ(classify_accept_failure(error), AcceptFailure::OutOfFds) << error;
}

TEST(ListenSocket, ListensOnAFreePortThatAcceptsConnections) {
    std::string error;
    const int fd = open_listen_socket("127.0.0.1", 0, false, error);
    ASSERT_GE(fd, 0) << error;
    const uint16_t port = bound_port(fd);
    EXPECT_NE(port, 0);
    const int client = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{.sin_family = AF_INET, .sin_port = htons(port), .sin_addr = {}, .sin_zero = {}};
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    EXPECT_EQ(::connect(client, reinterpret_cast<sockaddr *>(&to), sizeof to), 0);
    const int accepted = ::accept(fd, nullptr, nullptr);
    EXPECT_GE(accepted, 0);
    ::close(accepted);
    ::close(client);
    // Taken now: a second socket cannot listen there.
    EXPECT_LT(open_listen_socket("127.0.0.1", port, false, error), 0);
    EXPECT_NE(error.find("cannot listen on 127.0.0.1:" + std::to_string(port)), std::string::npos);
    ::close(fd);
}

TEST(ListenSocket, SharedSocketsListenOnOnePortAndAnUnsharedOneCannotJoinThem) {
    std::string error;
    const int first = open_listen_socket("127.0.0.1", 0, true, error);
    ASSERT_GE(first, 0) << error;
    const uint16_t port = bound_port(first);
    const int second = open_listen_socket("127.0.0.1", port, true, error);
    EXPECT_GE(second, 0) << error;
    EXPECT_EQ(bound_port(second), port);
    EXPECT_LT(open_listen_socket("127.0.0.1", port, false, error), 0);
    ::close(second);
    ::close(first);
}

TEST(ListenSocket, AnAddressNotOnThisMachineIsAnError) {
    std::string error;
    // TEST-NET-1 (RFC 5737): a literal, so nothing is looked up.
    EXPECT_LT(open_listen_socket("192.0.2.1", 0, false, error), 0);
    EXPECT_NE(error.find("cannot listen on 192.0.2.1:0: Cannot assign requested address"),
              std::string::npos)
        << error;
}

} // namespace
} // namespace chatd::net
