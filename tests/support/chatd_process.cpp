#include "support/chatd_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

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

// In the child between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_program(char *const *argv, const char *input, int output, int errors,
                               const char *cwd, pid_t parent, const rlimit *open_files) {
    // A test binary that crashes, or that ctest kills at its timeout, must
    // not leave servers running.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    // A test runner started in the background ignores SIGINT, and the child
    // would inherit that; the shutdown tests need the server's own handling.
    for (int signal_number = 1; signal_number < NSIG; ++signal_number) {
        ::signal(signal_number, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    const int in = ::open(input, O_RDONLY | O_CLOEXEC);
    if (in < 0 || ::dup2(in, STDIN_FILENO) < 0 || ::dup2(output, STDOUT_FILENO) < 0 ||
        ::dup2(errors, STDERR_FILENO) < 0 || (cwd != nullptr && ::chdir(cwd) != 0) ||
        (open_files != nullptr && ::setrlimit(RLIMIT_NOFILE, open_files) != 0)) {
        ::_exit(127);
    }
    ::execv(argv[0], argv);
    static constexpr char failed[] = "cannot execute ";
    [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, failed, sizeof failed - 1);
    ignored = ::write(STDERR_FILENO, argv[0], std::strlen(argv[0]));
    ignored = ::write(STDERR_FILENO, "\n", 1);
    ::_exit(127);
}

int create_output(const fs::path &path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot create " + path.string());
    return fd;
}

// Everything the child needs is prepared here, because the child may not
// allocate. stdout goes to `output`, stderr to `errors`, or to `output` as
// well when errors is nullopt, so one file keeps the program's order; stdin
// comes from `input`.
pid_t spawn(const fs::path &program, const std::vector<std::string> &args, const fs::path &output,
            const std::optional<fs::path> &errors, const std::optional<fs::path> &cwd,
            std::optional<std::uint64_t> open_file_limit = std::nullopt,
            const fs::path &input = "/dev/null") {
    std::vector<std::string> strings{program.string()};
    strings.insert(strings.end(), args.begin(), args.end());
    std::vector<char *> argv;
    for (auto &s : strings)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    const std::string directory = cwd ? cwd->string() : std::string();
    const std::string input_file = input.string();
    const rlimit open_files{open_file_limit.value_or(0), open_file_limit.value_or(0)};

    const int output_fd = create_output(output);
    int errors_fd = output_fd;
    if (errors) {
        try {
            errors_fd = create_output(*errors);
        } catch (...) {
            ::close(output_fd);
            throw;
        }
    }
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0)
        exec_program(argv.data(), input_file.c_str(), output_fd, errors_fd,
                     cwd ? directory.c_str() : nullptr, parent,
                     open_file_limit ? &open_files : nullptr);
    const int fork_error = errno;
    ::close(output_fd);
    if (errors_fd != output_fd) ::close(errors_fd);
    if (pid < 0) throw std::runtime_error("cannot fork: " + errno_text(fork_error));
    return pid;
}

ExitStatus decode(int wait_status) {
    if (WIFSIGNALED(wait_status)) return {.signal = WTERMSIG(wait_status)};
    return {.code = WEXITSTATUS(wait_status)};
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
    // A TOML literal string takes the path as it is; no path here holds a single quote.
    std::string text = "[server]\nport = 0\n" + config.server + "\n[plugins]\ndir = '" +
                       config.plugin_dir.string() + "'\npipeline = [" + pipeline + "]\n";
    if (!config.rooms.empty()) text += "\n[plugins.rooms]\n" + config.rooms + "\n";
    text += config.tables;
    return text;
}

std::string join(const std::vector<std::string> &args) {
    std::string joined;
    for (const auto &arg : args)
        joined += " " + arg;
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
    if (status.signal)
        return out << "killed by signal " << *status.signal << " (" << strsignal(*status.signal)
                   << ")";
    return out << "exit code " << status.code.value_or(-1);
}

fs::path build_plugin_dir() { return CHATD_TEST_PLUGIN_DIR; }

ChatdProcess::ChatdProcess(const ChatdConfig &config)
    : config_path_(dir_.write("chatd.toml", render(config))), log_path_(dir_.path() / "chatd.log"),
      pid_(spawn(CHATD_BINARY, {"--config", config_path_.string()}, log_path_, std::nullopt,
                 std::nullopt, config.open_file_limit)) {
    poll_until(
        [&] {
            if (const auto port = listening_port(log_text())) port_ = *port;
            if (port_ == 0) exit_status_ = reap(pid_, Clock::now());
            return port_ != 0 || exit_status_.has_value();
        },
        Clock::now() + start_timeout);
    if (port_ != 0) return;

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

bool ChatdProcess::wait_for_log(std::string_view needle, std::chrono::milliseconds timeout) const {
    return poll_until([&] { return log_text().find(needle) != std::string::npos; },
                      Clock::now() + timeout);
}

void ChatdProcess::signal(int signal_number) const {
    if (!exit_status_) ::kill(pid_, signal_number);
}

std::optional<ExitStatus> ChatdProcess::wait_exit(std::chrono::milliseconds timeout) {
    if (!exit_status_) exit_status_ = reap(pid_, Clock::now() + timeout);
    return exit_status_;
}

ProgramOutput run_program(const fs::path &program, const std::vector<std::string> &args,
                          const std::optional<fs::path> &cwd, std::chrono::milliseconds timeout) {
    return run_program_with_input(program, args, std::nullopt, cwd, timeout);
}

ProgramOutput run_program_with_input(const fs::path &program, const std::vector<std::string> &args,
                                     const std::optional<std::string> &input,
                                     const std::optional<fs::path> &cwd,
                                     std::chrono::milliseconds timeout) {
    const TempDir dir;
    const auto output = dir.path() / "stdout.txt";
    const auto errors = dir.path() / "stderr.txt";
    const pid_t pid = spawn(program, args, output, errors, cwd, std::nullopt,
                            input ? dir.write("stdin.txt", *input) : fs::path("/dev/null"));
    if (auto status = reap(pid, Clock::now() + timeout))
        return {*status, read_file(output), read_file(errors)};

    kill_now(pid);
    throw std::runtime_error(program.string() + join(args) +
                             " did not exit in time; its output:\n" + read_file(output) +
                             read_file(errors));
}

RunResult run_chatd(const std::vector<std::string> &args, const std::optional<fs::path> &cwd,
                    std::chrono::milliseconds timeout) {
    const TempDir dir;
    const auto output = dir.path() / "output.txt";
    const pid_t pid = spawn(CHATD_BINARY, args, output, std::nullopt, cwd);
    if (auto status = reap(pid, Clock::now() + timeout)) return {*status, read_file(output)};

    kill_now(pid);
    throw std::runtime_error("chatd" + join(args) + " did not exit in time; its output:\n" +
                             read_file(output));
}

RunResult run_chatd_with(const ChatdConfig &config, std::chrono::milliseconds timeout) {
    const TempDir dir;
    const fs::path path = dir.write("chatd.toml", render(config));
    return run_chatd({"--config", path.string()}, std::nullopt, timeout);
}

} // namespace chatd::test
