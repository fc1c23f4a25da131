#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace chatd::chatctl {

// A password in memory for as short as it must be: read into a buffer
// reserved up front (so no copy of it is left behind by growing) and zeroed
// when it goes.
class Password {
public:
    Password();
    ~Password();
    Password(const Password &) = delete;
    Password &operator=(const Password &) = delete;

    std::string_view text() const { return text_; }
    // Appends one byte; false, the byte dropped, once the buffer is full:
    // the password is then longer than any acceptable one.
    bool push(char c);
    void pop();
    void clear();

private:
    std::string text_;
};

// Reads one line from fd into password, without its "\n" or "\r\n"; the
// line ends at the first newline or at the end of the input. Returns why
// the password cannot be used (a read error, nothing read, an empty line, a
// line longer than an acceptable password), or nullopt.
std::optional<std::string> read_password_line(int fd, Password &password);

// A new password for an account: from stdin when it is not a terminal, one
// line; on a terminal, prompted for twice on stderr ("Password: ", "Again: ")
// with echo off, and the two must match. Returns why there is none, or
// nullopt.
std::optional<std::string> read_new_password(Password &password);

} // namespace chatd::chatctl
