#include "chatctl/password_input.hpp"

#include "accounts/password_hash.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <termios.h>
#include <unistd.h>

namespace chatd::chatctl {

namespace {

// The terminal's settings while echo is off, for the signal handler to put
// back: a Ctrl-C at the prompt must not leave the shell without echo.
struct termios saved_terminal;

extern "C" void restore_terminal_and_die(int signal_number) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

constexpr int kRestoredSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// Echo off from construction to destruction.
class EchoOff {
public:
    EchoOff() {
        if (::tcgetattr(STDIN_FILENO, &saved_terminal) != 0) return;
        for (int signal_number : kRestoredSignals)
            std::signal(signal_number, restore_terminal_and_die);
        struct termios quiet = saved_terminal;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        active_ = ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
    }
    ~EchoOff() {
        if (active_) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
        for (int signal_number : kRestoredSignals)
            std::signal(signal_number, SIG_DFL);
        // The newline the user typed was not echoed.
        std::fputs("\n", stderr);
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    bool active_ = false;
};

std::optional<std::string> prompt(const char *text, Password &password) {
    std::fputs(text, stderr);
    std::fflush(stderr);
    const EchoOff echo_off;
    return read_password_line(STDIN_FILENO, password);
}

} // namespace

Password::Password() {
    // Room for the longest acceptable password, one byte past it (to tell
    // that it is too long) and a "\r", so the buffer never moves.
    text_.reserve(auth::kMaxPasswordBytes + 2);
}

Password::~Password() { auth::wipe_password(text_); }

bool Password::push(char c) {
    if (text_.size() == text_.capacity()) return false;
    text_.push_back(c);
    return true;
}

void Password::pop() {
    text_.back() = '\0';
    text_.pop_back();
}

void Password::clear() { auth::wipe_password(text_); }

std::optional<std::string> read_password_line(int fd, Password &password) {
    password.clear();
    bool overflow = false;
    bool read_any = false;
    for (;;) {
        char c = 0;
        // A byte at a time, so nothing past the line is consumed and no
        // buffer but the password's ever holds it.
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::string("cannot read the password: ") + std::strerror(errno);
        if (n == 0) break;
        read_any = true;
        if (c == '\n') break;
        if (!password.push(c)) overflow = true;
    }
    if (!overflow && password.text().ends_with('\r')) password.pop();
    if (!read_any) return std::string("no password on stdin (give it as one line)");
    if (overflow || password.text().size() > auth::kMaxPasswordBytes)
        return "the password is longer than " + std::to_string(auth::kMaxPasswordBytes) + " bytes";
    if (password.text().empty()) return std::string("the password is empty");
    return std::nullopt;
}

std::optional<std::string> read_new_password(Password &password) {
    if (!::isatty(STDIN_FILENO)) return read_password_line(STDIN_FILENO, password);
    if (auto why = prompt("Password: ", password)) return why;
    Password again;
    if (auto why = prompt("Again: ", again)) return why;
    if (again.text() != password.text()) return std::string("the passwords do not match");
    return std::nullopt;
}

} // namespace chatd::chatctl
