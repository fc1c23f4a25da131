// Reading a password line from a pipe, as chatctl reads it from a
// non-terminal stdin: one line, its line end dropped, bounds enforced.
#include "chatctl/password_input.hpp"

#include <gtest/gtest.h>

#include <string>
#include <unistd.h>

namespace chatd::chatctl {
namespace {

// What read_password_line makes of `input` written to a pipe and closed;
// the refusal, or "=" and the password.
std::string read_from(const std::string &input, std::string *rest = nullptr) {
    int fds[2];
    if (::pipe(fds) != 0) return "no pipe";
    EXPECT_EQ(::write(fds[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
    ::close(fds[1]);
    Password password;
    auto why = read_password_line(fds[0], password);
    if (rest != nullptr) {
        char buffer[64];
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        rest->assign(buffer, n > 0 ? static_cast<size_t>(n) : 0);
    }
    ::close(fds[0]);
    return why ? *why : "=" + std::string(password.text());
}

TEST(PasswordInput, OneLineWithoutItsLineEnd) {
    EXPECT_EQ(read_from("s3cret\n"), "=s3cret");
    EXPECT_EQ(read_from("s3cret\r\n"), "=s3cret");
    EXPECT_EQ(read_from("no newline"), "=no newline");
    EXPECT_EQ(read_from("  spaced  \n"), "=  spaced  ");
}

TEST(PasswordInput, OnlyTheFirstLineIsRead) {
    std::string rest;
    EXPECT_EQ(read_from("first\nsecond\n", &rest), "=first");
    EXPECT_EQ(rest, "second\n");
}

TEST(PasswordInput, EmptyMissingAndTooLongAreRefused) {
    EXPECT_EQ(read_from("\n"), "the password is empty");
    EXPECT_EQ(read_from("\r\n"), "the password is empty");
    EXPECT_EQ(read_from(""), "no password on stdin (give it as one line)");
    EXPECT_EQ(read_from(std::string(1024, 'p') + "\n"), "=" + std::string(1024, 'p'));
    EXPECT_EQ(read_from(std::string(1024, 'p') + "\r\n"), "=" + std::string(1024, 'p'));
    EXPECT_EQ(read_from(std::string(1025, 'p') + "\n"), "the password is longer than 1024 bytes");
    EXPECT_EQ(read_from(std::string(5000, 'p')), "the password is longer than 1024 bytes");
}

} // namespace
} // namespace chatd::chatctl
