#include "support/chatd_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <spawn.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace chatd::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// How often a wait re-checks its condition: short, so that a wait ends soon
// after its condition holds, never after a fixed delay.
constexpr auto poll_interval = 10ms;

template <typename Condition> bool poll_until(Condition done, Clock::time_point deadline) {
    for (;;) {
        if (done()) return true;
        if (Clock::now() >= deadline) return false;
        std::this_thread::sleep_for(poll_interval);
    }
}

std::string read_file(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string errno_text(int error) { return std::strerror(error); }

// stdin is /dev/null and stdout and stderr both go to `output`, so the log
// keeps the order in which the server wrote. Signal dispositions and the mask
// are reset because a test runner started in the background ignores SIGINT,
// and the child would inherit that.
pid_t spawn_chatd(const std::vector<std::string> &args, const fs::path &output,
                  const std::optional<fs::path> &cwd) {
    std::vector<std::string> strings{CHATD_BINARY};
    strings.insert(strings.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (auto &s : strings) argv.push_back(s.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    if (cwd) posix_spawn_file_actions_addchdir_np(&actions, cwd->c_str());

    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t signals;
    sigfillset(&signals);
    posix_spawnattr_setsigdefault(&attributes, &signals);
    sigemptyset(&signals);
    posix_spawnattr_setsigmask(&attributes, &signals);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    pid_t pid = -1;
    const int error = posix_spawn(&pid, CHATD_BINARY, &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) throw std::runtime_error("cannot start " CHATD_BINARY ": " + errno_text(error));
    return pid;
}

ExitStatus decode(int wait_status) {
    if (WIFSIGNALED(wait_status)) return {.code = std::nullopt, .signal = WTERMSIG(wait_status)};
    return {.code = WEXITSTATUS(wait_status), .signal = std::nullopt};
}

// The child's status if it has exited by the deadline (checked at least once).
std::optional<ExitStatus> reap(pid_t pid, Clock::time_point deadline) {
    std::optional<ExitStatus> status;
    poll_until(
        [&] {
            int wait_status = 0;
            if (::waitpid(pid, &wait_status, WNOHANG) == pid) status = decode(wait_status);
            return status.has_value();
        },
        deadline);
    return status;
}

// SIGKILL cannot be caught, so the blocking wait after it ends promptly.
ExitStatus kill_now(pid_t pid) {
    ::kill(pid, SIGKILL);
    int wait_status = 0;
    while (::waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
    return decode(wait_status);
}

std::optional<std::uint16_t> listening_port(const std::string &log) {
    static const std::regex line{R"(listening on ws://\S*:(\d+)/)"};
    std::smatch match;
    if (!std::regex_search(log, match, line)) return std::nullopt;
    return static_cast<std::uint16_t>(std::stoul(match[1].str()));
}

std::string render(const ChatdConfig &config) {
    std::string pipeline;
    for (const auto &name : config.pipeline) {
        pipeline += (pipeline.empty() ? "\"" : ", \"") + name + "\"";
    }
    // A literal string: a temp path never holds a quote, and needs no escaping.
    std::string text = "[server]\nport = 0\n" + config.server + "\n[plugins]\ndir = '" +
                       config.plugin_dir.string() + "'\npipeline = [" + pipeline + "]\n";
    if (!config.rooms.empty()) text += "\n[plugins.rooms]\n" + config.rooms + "\n";
    return text;
}

std::string join(const std::vector<std::string> &args) {
    std::string joined;
    for (const auto &arg : args) joined += " " + arg;
    return joined;
}

} // namespace

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "chatd-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp " + pattern + ": " + errno_text(errno));
    }
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

fs::path TempDir::write(const std::string &name, std::string_view contents) const {
    const auto file = path_ / name;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    if (!out) throw std::runtime_error("cannot write " + file.string());
    return file;
}

std::ostream &operator<<(std::ostream &out, const ExitStatus &status) {
    if (status.signal) return out << "killed by signal " << *status.signal << " (" << strsignal(*status.signal) << ")";
    return out << "exit code " << status.code.value_or(-1);
}

fs::path build_plugin_dir() { return CHATD_TEST_PLUGIN_DIR; }

ChatdProcess::ChatdProcess(const ChatdConfig &config)
    : config_path_(dir_.write("chatd.toml", render(config))),
      log_path_(dir_.path() / "chatd.log"),
      pid_(spawn_chatd({"--config", config_path_.string()}, log_path_, std::nullopt)) {
    const bool started = poll_until(
        [&] {
            if (const auto port = listening_port(log_text())) port_ = *port;
            if (port_ == 0) exit_status_ = reap(pid_, Clock::now());
            return port_ != 0 || exit_status_.has_value();
        },
        Clock::now() + start_timeout);
    if (started && port_ != 0) return;

    if (!exit_status_) exit_status_ = kill_now(pid_);
    std::ostringstream why;
    why << "chatd did not report a listening port (" << *exit_status_ << ")\n--- config "
        << config_path_.string() << " ---\n"
        << read_file(config_path_) << "--- log ---\n"
        << log_text();
    throw std::runtime_error(why.str());
}

ChatdProcess::~ChatdProcess() {
    if (exit_status_) return;
    signal(SIGTERM);
    if (!wait_exit(exit_timeout)) kill_now(pid_);
}

std::string ChatdProcess::log_text() const { return read_file(log_path_); }

void ChatdProcess::signal(int signal_number) const {
    if (!exit_status_) ::kill(pid_, signal_number);
}

std::optional<ExitStatus> ChatdProcess::wait_exit(std::chrono::milliseconds timeout) {
    if (!exit_status_) exit_status_ = reap(pid_, Clock::now() + timeout);
    return exit_status_;
}

RunResult run_chatd(const std::vector<std::string> &args, const std::optional<fs::path> &cwd,
                    std::chrono::milliseconds timeout) {
    const TempDir dir;
    const auto output = dir.path() / "output.txt";
    const pid_t pid = spawn_chatd(args, output, cwd);
    if (auto status = reap(pid, Clock::now() + timeout)) return {*status, read_file(output)};

    kill_now(pid);
    throw std::runtime_error("chatd" + join(args) + " did not exit in time; its output:\n" +
                             read_file(output));
}

} // namespace chatd::test
