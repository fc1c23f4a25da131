#pragma once

// chat_bench's command line. Every scenario is bounded by --seconds and a
// hard deadline, and by a cap on connections.

#include "protocol.hpp"

#include <cstdint>
#include <netinet/in.h>
#include <string>
#include <sys/types.h>
#include <variant>

namespace chatd::bench {

enum class Mode { fanout, rooms, join_storm, idle, churn, history };

struct Options {
    Mode mode = Mode::fanout;
    Protocol protocol = Protocol::chatd;
    std::string url = "ws://127.0.0.1:8080/chat";
    in_addr address{}; // from url, always loopback
    std::uint16_t port = 8080;
    std::string path = "/chat"; // chatd's endpoint; raw mode uses "/ROOM" instead
    std::size_t connections = 100;
    std::size_t rooms = 0;   // 0: the mode's default
    std::size_t senders = 0; // 0: the mode's default
    std::size_t members = 5; // rooms and idle: members per room
    double rate = 1000;      // messages per second, all senders together; 0: closed loop
    std::size_t size = 64;   // bytes of message text
    double seconds = 5;      // how long messages are sent
    double deadline = 0;     // hard limit on the whole run; 0: derived from seconds
    std::size_t workers = 8; // churn: concurrent connect-send-close loops
    std::size_t queries = 4; // history: connections asking for latest 50
    std::size_t window = 32; // history, closed loop: messages each sender keeps unacked
    std::size_t connect_concurrency = 256; // upgrades in flight while connecting
    pid_t server_pid = 0;
    bool quiet_wait = false;
    std::string label; // copied into the report, to tell runs apart
};

inline constexpr std::size_t max_connections = 200000;

std::string_view mode_name(Mode mode);
// Options, or the reason the command line is wrong (including a URL whose
// host is not a loopback address: the benchmark floods what it talks to).
std::variant<Options, std::string> parse_options(int argc, const char *const *argv);
std::string usage();

} // namespace chatd::bench
