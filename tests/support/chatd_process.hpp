#pragma once

// Runs the real chatd binary for integration tests: in a temporary directory
// of its own, on an ephemeral port, with its output kept for failure reports.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

namespace chatd::test {

using namespace std::chrono_literals;

// A directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    const std::filesystem::path &path() const { return path_; }
    // Writes (or replaces) a file in this directory and returns its path.
    std::filesystem::path write(const std::string &name, std::string_view contents) const;

private:
    std::filesystem::path path_;
};

// How a child process ended: exactly one of the two is set.
struct ExitStatus {
    std::optional<int> code{};
    std::optional<int> signal{};
};
std::ostream &operator<<(std::ostream &out, const ExitStatus &status);

// The plugins directory of the build under test.
std::filesystem::path build_plugin_dir();

// What goes into the generated config besides port = 0. The text fields are
// TOML lines placed inside their table, so tests never repeat a header.
struct ChatdConfig {
    std::string server{}; // lines for [server]
    std::string rooms{};  // lines for [plugins.rooms]; the table is left out when empty
    std::filesystem::path plugin_dir = build_plugin_dir();
    std::vector<std::string> pipeline{"rooms"};
    std::string tables{}; // whole TOML tables appended last, e.g. "[plugins.x]\nk = 1\n"
    // Not config: the server process's RLIMIT_NOFILE (soft and hard) when set.
    std::optional<std::uint64_t> open_file_limit{};
};

// One running chatd. The constructor returns once the server logs the port it
// listens on, and throws std::runtime_error (with the log) if it does not.
// The destructor stops the server (SIGTERM, then SIGKILL after a grace
// period) and removes its directory.
class ChatdProcess {
public:
    static constexpr std::chrono::milliseconds start_timeout = 15s;
    static constexpr std::chrono::milliseconds exit_timeout = 10s;

    explicit ChatdProcess(const ChatdConfig &config = {});
    ~ChatdProcess();
    ChatdProcess(const ChatdProcess &) = delete;
    ChatdProcess &operator=(const ChatdProcess &) = delete;

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    const std::filesystem::path &config_path() const { return config_path_; }
    // Everything the server has written to stdout and stderr so far.
    std::string log_text() const;
    // Whether the log holds `needle` by the deadline (the server logs from
    // several threads, so a line may land just after what caused it).
    bool wait_for_log(std::string_view needle, std::chrono::milliseconds timeout = 10s) const;

    void signal(int signal_number) const;
    // The exit status, or nullopt if the server is still running at the deadline.
    std::optional<ExitStatus> wait_exit(std::chrono::milliseconds timeout = exit_timeout);

private:
    TempDir dir_;
    std::filesystem::path config_path_;
    std::filesystem::path log_path_;
    pid_t pid_ = -1;
    std::optional<ExitStatus> exit_status_;
    std::uint16_t port_ = 0;
};

struct RunResult {
    ExitStatus status;
    std::string output; // stdout and stderr interleaved
};

// Runs chatd to completion with the given arguments, in `cwd` when set.
// Throws std::runtime_error if it has not exited by the timeout.
RunResult run_chatd(const std::vector<std::string> &args,
                    const std::optional<std::filesystem::path> &cwd = std::nullopt,
                    std::chrono::milliseconds timeout = 10s);

// Runs chatd with `config` to completion: for a server that must refuse to
// start. Throws std::runtime_error if it has not exited by the timeout.
RunResult run_chatd_with(const ChatdConfig &config, std::chrono::milliseconds timeout = 10s);

struct ProgramOutput {
    ExitStatus status;
    std::string out; // stdout
    std::string err; // stderr
};

// Runs any program of the build (e.g. chatctl) to completion, its stdout and
// stderr kept apart, its stdin /dev/null. Throws std::runtime_error if it has
// not exited by the timeout.
ProgramOutput run_program(const std::filesystem::path &program,
                          const std::vector<std::string> &args,
                          const std::optional<std::filesystem::path> &cwd = std::nullopt,
                          std::chrono::milliseconds timeout = 10s);
// The same with `input` (a file, not a terminal) on its stdin when set.
ProgramOutput run_program_with_input(const std::filesystem::path &program,
                                     const std::vector<std::string> &args,
                                     const std::optional<std::string> &input,
                                     const std::optional<std::filesystem::path> &cwd = std::nullopt,
                                     std::chrono::milliseconds timeout = 10s);

} // namespace chatd::test
