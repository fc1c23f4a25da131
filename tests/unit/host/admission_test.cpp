#include "net/admission.hpp"

#include <gtest/gtest.h>
#include <string>
#include <thread>

namespace chatd::net {
namespace {

// Admission only compares lws pointers; these never point at one.
const lws *socket_no(int n) { return reinterpret_cast<const lws *>(static_cast<uintptr_t>(n)); }

TEST(Admission, HandshakesPerAddressAreCappedUntilARequestCompletes) {
    Admission admission({.sockets = 100, .per_address = 100, .handshakes_per_address = 2});
    ASSERT_EQ(admission.admit("10.0.0.1"), nullptr);
    admission.adopt(socket_no(1));
    ASSERT_EQ(admission.admit("10.0.0.1"), nullptr);
    admission.adopt(socket_no(2));
    EXPECT_STREQ(admission.admit("10.0.0.1"), "too many handshakes from address");
    // Another address has its own count.
    EXPECT_EQ(admission.admit("10.0.0.2"), nullptr);
    admission.adopt(socket_no(3));
    admission.request_complete(socket_no(1));
    admission.request_complete(socket_no(1)); // counted once
    ASSERT_EQ(admission.admit("10.0.0.1"), nullptr);
    admission.adopt(socket_no(4));
    EXPECT_NE(admission.admit("10.0.0.1"), nullptr);
}

TEST(Admission, SocketsPerAddressAndInAllAreCapped) {
    Admission admission({.sockets = 3, .per_address = 2, .handshakes_per_address = 10});
    for (int n = 1; n <= 2; ++n) {
        ASSERT_EQ(admission.admit("10.0.0.1"), nullptr);
        admission.adopt(socket_no(n));
        admission.request_complete(socket_no(n));
    }
    EXPECT_STREQ(admission.admit("10.0.0.1"), "too many connections from address");
    ASSERT_EQ(admission.admit("10.0.0.2"), nullptr);
    admission.adopt(socket_no(3));
    EXPECT_STREQ(admission.admit("10.0.0.3"), "no socket left (open-file limit)");
    admission.release(socket_no(1));
    EXPECT_EQ(admission.admit("10.0.0.1"), nullptr);
}

TEST(Admission, AnAdmissionNobodyAdoptedIsGivenBack) {
    Admission admission({.sockets = 1, .per_address = 1, .handshakes_per_address = 1});
    ASSERT_EQ(admission.admit("10.0.0.1"), nullptr);
    // libwebsockets failed to take that socket: the next admission replaces it.
    ASSERT_EQ(admission.admit("10.0.0.1"), nullptr);
    admission.adopt(socket_no(1));
    admission.adopt(socket_no(2)); // an lws that is no accepted socket
    admission.release(socket_no(2));
    EXPECT_NE(admission.admit("10.0.0.1"), nullptr);
    admission.release(socket_no(1));
    EXPECT_EQ(admission.admit("10.0.0.1"), nullptr);
}

TEST(Admission, ServedSocketsOfAnyKindShareTheConnectionLimit) {
    Admission admission(
        {.sockets = 10, .connections = 2, .per_address = 10, .handshakes_per_address = 10});
    for (int n = 1; n <= 3; ++n) {
        ASSERT_EQ(admission.admit("10.0.0.1"), nullptr);
        admission.adopt(socket_no(n));
    }
    EXPECT_EQ(admission.serve(socket_no(1)), nullptr); // a WebSocket upgrade
    EXPECT_EQ(admission.serve(socket_no(2)), nullptr); // an HTTP request
    EXPECT_EQ(admission.serve(socket_no(2)), nullptr); // its next request on the same socket
    EXPECT_STREQ(admission.serve(socket_no(3)), "too many connections");
    admission.release(socket_no(1));
    EXPECT_EQ(admission.serve(socket_no(3)), nullptr);
    // Releasing a socket never served frees no connection.
    ASSERT_EQ(admission.admit("10.0.0.1"), nullptr);
    admission.adopt(socket_no(4));
    admission.release(socket_no(4));
    ASSERT_EQ(admission.admit("10.0.0.1"), nullptr);
    admission.adopt(socket_no(5));
    EXPECT_STREQ(admission.serve(socket_no(5)), "too many connections");
}

TEST(Admission, EachThreadAdoptsWhatItAdmitted) {
    // Two event loops admit at once: each lws is bound to its own thread's
    // admission, not to whichever came last.
    Admission admission({.sockets = 10, .per_address = 10, .handshakes_per_address = 1});
    ASSERT_EQ(admission.admit("10.0.0.1"), nullptr);
    std::thread other([&] {
        ASSERT_EQ(admission.admit("10.0.0.2"), nullptr);
        admission.adopt(socket_no(2));
    });
    other.join();
    admission.adopt(socket_no(1));
    // Each address has its one handshake until its own socket's request completes.
    EXPECT_STREQ(admission.admit("10.0.0.1"), "too many handshakes from address");
    admission.request_complete(socket_no(2));
    EXPECT_EQ(admission.admit("10.0.0.2"), nullptr);
    admission.adopt(socket_no(3));
    admission.request_complete(socket_no(1));
    EXPECT_EQ(admission.admit("10.0.0.1"), nullptr);
}

} // namespace
} // namespace chatd::net
